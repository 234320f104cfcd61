import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { dismissDuplicate, findDuplicateContacts } from './contact-duplicates.service.js';
import { contactMergeListSchema, dismissDuplicateBody, duplicatePageSchema, findDuplicateContactsQuery, mergeContactsBody, mergePreviewSchema, mergeResultSchema, undoMergeResultSchema } from './contact-merge.contract.js';
import { contactMergeUndoDays, listContactMerges, mergeContacts, previewContactMerge, undoMerge } from './contact-merge.service.js';
import { idParams } from './shared.contract.js';

const tags = ['customers'];

export const contactMergeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/contacts/duplicates',
    {
      schema: {
        operationId: 'findDuplicateContacts',
        tags,
        summary: 'Likely duplicate contacts: same email (ignoring case, dots and +tags), same phone (E.164 or digits), or a similar name at the same company; each pair with a score and its reasons',
        description:
          'With `contactId`: that contact\'s likely duplicates, best first. Without: every pair, walking contacts newest first a batch per request; each pair is listed once, on its newer contact. ' +
          'A page can hold fewer pairs than `limit` (even none) and still have a `nextCursor`: keep following it until it is null. Pairs dismissed with dismissDuplicateContacts are left out.',
        querystring: findDuplicateContactsQuery,
        response: { 200: duplicatePageSchema },
      },
    },
    async (request) => findDuplicateContacts(serviceContext(request), request.query),
  );

  app.post(
    '/contacts/duplicates/dismissals',
    { schema: { operationId: 'dismissDuplicateContacts', tags, summary: 'Mark two contacts as not the same person, so the duplicate scan stops offering them', body: dismissDuplicateBody } },
    async (request, reply) => {
      await dismissDuplicate(serviceContext(request), request.body.contactIds);
      return reply.status(204).send();
    },
  );

  app.post(
    '/contacts/merge',
    {
      schema: {
        operationId: 'mergeContacts',
        tags,
        summary: 'Merge one contact (the loser) into another (the winner), or preview it with dryRun',
        description:
          'The winner keeps its values except where `picks` says the loser\'s win; emails, phones, addresses and tags are unioned (the winner\'s defaults stay unless picked). ' +
          'Everything linked to the loser moves to the winner: notes, accounts held and acted on, tickets, the portal sign-in, contacts merged into it before; its events show on the winner\'s timeline. ' +
          `The loser is kept hidden, "merged into" the winner (getContact on it says so), and undoMerge brings everything back for ${contactMergeUndoDays} days. ` +
          'dryRun answers 200 with the side-by-side preview and changes nothing; a merge answers 201. Both contacts are required to be live (409 otherwise); a stale winnerVersion/loserVersion is 412.',
        body: mergeContactsBody,
        response: { 200: mergePreviewSchema, 201: mergeResultSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      if (request.body.dryRun) return reply.status(200).send(await previewContactMerge(ctx, request.body));
      const result = await mergeContacts(ctx, request.body);
      return reply.status(201).header('Location', `/api/v1/contacts/${result.contact.id}`).send(result);
    },
  );

  app.get(
    '/contacts/:id/merges',
    { schema: { operationId: 'listContactMerges', tags, summary: 'The merges into this contact, newest first, with whether each can still be undone', params: idParams, response: { 200: contactMergeListSchema } } },
    async (request) => listContactMerges(serviceContext(request), request.params.id),
  );

  app.post(
    '/contact-merges/:id/undo',
    {
      schema: {
        operationId: 'undoMerge',
        tags,
        summary: `Undo a merge (within ${contactMergeUndoDays} days): the merged contact comes back with its own details and everything that moved`,
        description: "The winner's fields go back to their values before the merge, except those changed since. 409 when the period is over, the merge was already undone, or the winner has since been merged into another contact.",
        params: idParams,
        response: { 200: undoMergeResultSchema },
      },
    },
    async (request) => undoMerge(serviceContext(request), request.params.id),
  );
};
