import { useCallback, useRef, useState } from 'react';
import { Button, CloseButton, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { errorMessage, type Attachment } from '../api/client';
import { uploadAttachment } from '../api/uploads';
import { formatBytes } from './format';
import { PaperclipIcon } from './icons';

export interface PickedFile {
  key: number;
  name: string;
  size: number;
  /** 0 to 1 while uploading. */
  progress: number;
  status: 'uploading' | 'uploaded' | 'failed';
  attachment?: Attachment;
  error?: unknown;
  cancel: AbortController;
}

export interface AttachmentUploads {
  files: PickedFile[];
  add(files: File[]): void;
  remove(key: number): void;
  clear(): void;
  /** Ids of the finished uploads, in the order they were picked, for a message's attachmentIds. */
  attachmentIds: string[];
  uploading: boolean;
  failed: boolean;
}

/**
 * Files picked for a message. Each uploads at once, so sending the message only names them; a
 * file removed before sending is simply never attached (the server deletes it after a day).
 */
export function useAttachmentUploads(): AttachmentUploads {
  const [files, setFiles] = useState<PickedFile[]>([]);
  const nextKey = useRef(1);
  const update = useCallback((key: number, change: Partial<PickedFile>) => setFiles((list) => list.map((file) => (file.key === key ? { ...file, ...change } : file))), []);

  const add = useCallback(
    (picked: File[]) => {
      for (const file of picked) {
        const key = nextKey.current++;
        const cancel = new AbortController();
        setFiles((list) => [...list, { key, name: file.name, size: file.size, progress: 0, status: 'uploading', cancel }]);
        uploadAttachment(file, (progress) => update(key, { progress }), cancel.signal).then(
          (attachment) => update(key, { status: 'uploaded', progress: 1, attachment }),
          (error: unknown) => {
            if (!cancel.signal.aborted) update(key, { status: 'failed', error });
          },
        );
      }
    },
    [update],
  );
  const remove = useCallback((key: number) => {
    setFiles((list) => {
      list.find((file) => file.key === key)?.cancel.abort();
      return list.filter((file) => file.key !== key);
    });
  }, []);
  const clear = useCallback(() => setFiles([]), []);

  return {
    files,
    add,
    remove,
    clear,
    attachmentIds: files.flatMap((file) => (file.attachment ? [file.attachment.id] : [])),
    uploading: files.some((file) => file.status === 'uploading'),
    failed: files.some((file) => file.status === 'failed'),
  };
}

/** "Attach files" and the list of picked files with their size, progress or error, each removable. */
export function AttachmentPicker({ uploads, disabled }: { uploads: AttachmentUploads; disabled?: boolean }) {
  const reset = useRef<() => void>(null);
  return (
    <Stack gap={4} data-testid="attachment-picker">
      <Group gap="xs">
        <FileButton
          multiple
          resetRef={reset}
          disabled={disabled}
          onChange={(files) => {
            uploads.add(files);
            // The same file can be picked again after it was removed.
            reset.current?.();
          }}
          inputProps={{ 'data-testid': 'attachment-input' } as React.ComponentProps<'input'>}
        >
          {(props) => (
            <Button {...props} size="xs" variant="default" leftSection={<PaperclipIcon size={14} />} disabled={disabled} data-testid="attach-files">
              Attach files
            </Button>
          )}
        </FileButton>
      </Group>
      {uploads.files.map((file) => (
        <Group key={file.key} gap="xs" wrap="nowrap" data-testid="picked-file" data-status={file.status}>
          <PaperclipIcon size={14} />
          <Text size="sm" truncate maw={320} title={file.name}>
            {file.name}
          </Text>
          <Text size="xs" c="dimmed">
            {formatBytes(file.size)}
          </Text>
          {file.status === 'uploading' && <Progress value={Math.round(file.progress * 100)} w={100} size="sm" aria-label={`Uploading ${file.name}`} animated />}
          {file.status === 'failed' && (
            <Text size="xs" c="red" data-testid="picked-file-error">
              {errorMessage(file.error)}
            </Text>
          )}
          <CloseButton size="sm" aria-label={`Remove ${file.name}`} onClick={() => uploads.remove(file.key)} data-testid="remove-picked-file" />
        </Group>
      ))}
    </Stack>
  );
}
