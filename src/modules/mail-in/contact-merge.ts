import { contactColumnMergeHandler, registerContactMergeHandler } from '../customers/index.js';
import { inboundMails } from './mail-in.tables.js';

// A merged contact's received mail follows it to the winner (and back on undo).
registerContactMergeHandler(contactColumnMergeHandler({ kind: 'inbound_mails', label: 'Received emails', id: inboundMails.id, contactId: inboundMails.contactId }));
