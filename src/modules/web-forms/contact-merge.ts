import { contactColumnMergeHandler, registerContactMergeHandler } from '../customers/index.js';
import { webFormSubmissions } from './web-forms.tables.js';

// A merged contact's form submissions follow it to the winner (and back on undo).
registerContactMergeHandler(contactColumnMergeHandler({ kind: 'web_form_submissions', label: 'Web form submissions', id: webFormSubmissions.id, contactId: webFormSubmissions.contactId }));
