import { ApiError, csrfHeaders, type Attachment, type Problem } from './client';

function problemOf(request: XMLHttpRequest): Problem {
  try {
    const body = JSON.parse(request.responseText) as Problem;
    if (body && typeof body === 'object' && 'status' in body) return body;
  } catch {
    // not a problem document
  }
  return { type: 'about:blank', title: request.statusText || 'Upload failed', status: request.status, code: 'unknown', detail: request.statusText || 'The upload failed' };
}

/**
 * Uploads one file as the raw request body (uploadAttachment). XMLHttpRequest rather than fetch,
 * because only it reports upload progress. Rejects with an ApiError carrying the problem.
 */
export function uploadAttachment(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return uploadRawFile<Attachment>(`/api/v1/attachments?filename=${encodeURIComponent(file.name)}`, file, onProgress, signal);
}

/** POSTs a file as the raw body to `url` with upload progress; resolves with the 201 answer. */
export function uploadRawFile<Answer>(url: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201) resolve(JSON.parse(request.responseText) as Answer);
      else reject(new ApiError(problemOf(request)));
    };
    request.onerror = () =>
      reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network', detail: 'The upload did not reach the server. Check your connection and try again.' }));
    request.onabort = () => reject(new ApiError({ type: 'about:blank', title: 'Cancelled', status: 0, code: 'aborted', detail: 'The upload was cancelled' }));
    signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}
