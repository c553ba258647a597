/** Names shared by the jest global setup and the tests. */
export const TEST_ADMIN_OPENID = 'test-admin-openid';

/** The local cloud started by globalSetup for the whole run. */
export function localCloudUrl(): string {
  const url = process.env.LOCAL_CLOUD_URL;
  if (!url)
    throw new Error(
      'LOCAL_CLOUD_URL is not set: run the tests through jest (globalSetup starts the local cloud)',
    );
  return url;
}

export function localCloudDataDir(): string {
  const dir = process.env.LOCAL_CLOUD_DATA_DIR;
  if (!dir) throw new Error('LOCAL_CLOUD_DATA_DIR is not set');
  return dir;
}
