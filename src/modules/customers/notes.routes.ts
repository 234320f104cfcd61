import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import type { CustomerRecordKind } from './customers.tables.js';
import { createNote, deleteNote, listNotes, updateNote } from './notes.service.js';
import { createNoteBody, idParams, noteParams, noteSchema, updateNoteBody } from './shared.contract.js';

const tags = ['customers'];
const kinds: { kind: CustomerRecordKind; path: string; name: string }[] = [
  { kind: 'contact', path: 'contacts', name: 'Contact' },
  { kind: 'company', path: 'companies', name: 'Company' },
  { kind: 'account', path: 'accounts', name: 'Account' },
];

/** Notes on contacts, companies and accounts: the same four operations under each record. */
export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const { kind, path, name } of kinds) {
    app.get(`/${path}/:id/notes`, { schema: { operationId: `list${name}Notes`, tags, params: idParams, response: { 200: z.object({ items: z.array(noteSchema) }) } } }, async (request) =>
      listNotes(serviceContext(request), kind, request.params.id),
    );
    app.post(`/${path}/:id/notes`, { schema: { operationId: `create${name}Note`, tags, params: idParams, body: createNoteBody, response: { 201: noteSchema } } }, async (request, reply) => {
      const note = await createNote(serviceContext(request), kind, request.params.id, request.body);
      setVersionTag(reply, note.version);
      return reply.status(201).send(note);
    });
    app.patch(`/${path}/:id/notes/:noteId`, { schema: { operationId: `update${name}Note`, tags, params: noteParams, body: updateNoteBody, response: { 200: noteSchema } } }, async (request, reply) => {
      const { version, ...changes } = request.body;
      const note = await updateNote(serviceContext(request), kind, request.params.id, request.params.noteId, expectedVersion(request, version), changes);
      setVersionTag(reply, note.version);
      return note;
    });
    app.delete(`/${path}/:id/notes/:noteId`, { schema: { operationId: `delete${name}Note`, tags, params: noteParams } }, async (request, reply) => {
      await deleteNote(serviceContext(request), kind, request.params.id, request.params.noteId);
      return reply.status(204).send();
    });
  }
};
