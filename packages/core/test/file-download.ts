// One package file downloaded as download mode does it (the feed endpoint on the pipeline, saved through a
// temporary file), for the tests of what a broken or slow transfer does.
import type { Dispatcher } from 'undici';
import { saveBody } from '../src/download/save-file';
import { downloadPackageFile } from '../src/proget/feed-download';

export interface FileDownload {
  url: URL;
  destination: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  retries: number;
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export async function downloadFile(download: FileDownload): Promise<{ bytes: number; attempts: number }> {
  const { value: bytes, attempts } = await downloadPackageFile(
    {
      server: download.url.origin,
      keyPlacement: 'header',
      dispatcher: download.dispatcher,
      timeoutMs: download.timeoutMs,
      retries: download.retries,
      userAgent: 'proget-deploy-test',
      backoffBaseMs: download.backoffBaseMs ?? 1,
      ...(download.sleep ? { sleep: download.sleep } : {}),
      ...(download.random ? { random: download.random } : {}),
    },
    {
      url: download.url,
      deploymentHeaders: {},
      keyPlacement: 'header',
      save: (response, attempt, received) =>
        saveBody(
          response,
          { destination: download.destination, host: 'proget.example.com', downloadToInput: 'download-to' },
          attempt,
          received,
        ),
    },
  );
  return { bytes, attempts };
}
