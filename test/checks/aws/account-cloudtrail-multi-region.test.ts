import { describe } from 'vitest';
import check from '../../../checks/aws/account-cloudtrail-multi-region.js';
import { cloudTrailItem, configRecorderFiles, estateVerdictTable, s3BucketItem, snapshotFile } from './items.js';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail';
// `aws cloudtrail get-trail-status --name org-trail` (AWS CLI v2 output).
const status = (isLogging: boolean) => ({
  IsLogging: isLogging,
  LatestDeliveryTime: '2026-03-02T06:55:12.331000+00:00',
  StartLoggingTime: '2024-04-11T15:31:06.814000+00:00',
  ...(isLogging ? {} : { StopLoggingTime: '2026-02-20T10:00:00.000000+00:00' }),
  TimeLoggingStarted: '2024-04-11T15:31:06Z',
  TimeLoggingStopped: isLogging ? '' : '2026-02-20T10:00:00Z',
});

describe('aws-account-cloudtrail-multi-region', () => {
  estateVerdictTable(check, [
    {
      title: 'passes a multi-region trail whose status says it is logging',
      files: { 'snapshot.json': snapshotFile([cloudTrailItem({})]), 'aws-account-123456789012/cloudtrail-trail-status.org-trail.json': status(true) },
      status: 'pass',
      evidence: { trails: [{ trail: TRAIL, isMultiRegionTrail: true, isLogging: true }] },
    },
    {
      title: 'fails when the only multi-region trail is stopped (the one trail of the scan takes the status)',
      files: { 'snapshot.json': snapshotFile([cloudTrailItem({})]), 'trail-status.json': status(false) },
      status: 'fail',
      evidence: { trails: [{ isLogging: false }] },
    },
    {
      title: 'fails when no trail covers every region',
      files: { 'snapshot.json': snapshotFile([cloudTrailItem({ isMultiRegionTrail: false })]) },
      status: 'fail',
      evidence: { trails: [{ isMultiRegionTrail: false }] },
    },
    {
      title: 'fails when Config records trails in every scanned region and recorded none',
      files: { 'snapshot.json': snapshotFile([s3BucketItem({})]), ...configRecorderFiles('us-east-1') },
      status: 'fail',
      evidence: { trails: [], regions: ['us-east-1'] },
    },
    {
      title: 'is undecided when the logging status was not exported (Config does not record it)',
      files: { 'snapshot.json': snapshotFile([cloudTrailItem({})]) },
      status: 'error',
      evidence: { trails: [{ isMultiRegionTrail: true, isLogging: null }] },
    },
    {
      title: 'is undecided when the scan holds no trail and nothing says whether Config records them',
      files: { 'snapshot.json': snapshotFile([s3BucketItem({})]) },
      status: 'error',
      evidence: { trails: [] },
    },
  ]);
});
