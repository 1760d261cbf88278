// vitest setup file: SPORTELLO_TEST_CLOCK_START=23:50 runs every test file on a clock that starts at
// 23:50 in Rome (see test/support/clock.ts).
import { setTestClock, TEST_CLOCK_ENV } from './clock';

const start = process.env[TEST_CLOCK_ENV];
if (start) setTestClock(start);
