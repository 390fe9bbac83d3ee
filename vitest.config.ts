import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    env: { AWS_EC2_METADATA_DISABLED: 'true', NO_GCE_CHECK: 'true', GCE_METADATA_HOST: '127.0.0.1:1', AZURE_IDENTITY_DISABLE_MANAGED_IDENTITY: 'true' },
  },
});
