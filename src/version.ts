/** The supportguard version (a test keeps it equal to package.json). */
export const VERSION = '0.1.0';

/** Tool name as it appears in reports. */
export const TOOL_NAME = 'supportguard';
