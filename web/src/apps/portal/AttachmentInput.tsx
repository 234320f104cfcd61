import { useState } from 'react';
import { errorText, uploadFile, type Attachment } from './api';
import { formatBytes } from './format';

interface Picked {
  key: number;
  name: string;
  attachment?: Attachment;
  error?: string;
}

let nextKey = 0;

/** Uploads files as they are picked; the form sends the ids of those that arrived. */
export function AttachmentInput({ onChange }: { onChange: (ids: string[], uploading: boolean) => void }) {
  const [files, setFiles] = useState<Picked[]>([]);
  const update = (next: Picked[]) => {
    setFiles(next);
    onChange(next.flatMap((file) => (file.attachment ? [file.attachment.id] : [])), next.some((file) => !file.attachment && !file.error));
  };
  const pick = (list: FileList | null) => {
    const picked = [...(list ?? [])].map((file) => ({ key: (nextKey += 1), name: file.name, file }));
    let current = [...files, ...picked.map(({ key, name }) => ({ key, name }))];
    update(current);
    for (const { key, file } of picked) {
      uploadFile(file).then(
        (attachment) => update((current = current.map((item) => (item.key === key ? { ...item, attachment } : item)))),
        (error: unknown) => update((current = current.map((item) => (item.key === key ? { ...item, error: errorText(error) } : item)))),
      );
    }
  };
  return (
    <div className="portal-field">
      <span>Attachments</span>
      <input type="file" multiple aria-label="Attach files" onChange={(event) => pick(event.currentTarget.files)} />
      {files.length > 0 && (
        <ul className="portal-files">
          {files.map((file) => (
            <li key={file.key}>
              {file.name} {file.attachment ? `(${formatBytes(file.attachment.size)})` : file.error ? <span className="portal-error">{file.error}</span> : '(uploading…)'}{' '}
              <button type="button" className="portal-link-button" onClick={() => update(files.filter((item) => item.key !== file.key))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
