/**
 * Runs before every test file, so no test can reach anything but loopback:
 * - the SDK's credential chain ends at the EC2 instance metadata endpoint (169.254.169.254) and reads the switch
 *   for it from the process environment, not from the env the CLI is given;
 * - an SDK client built without an endpoint would go to real AWS: the SDK reads AWS_ENDPOINT_URL from the process
 *   environment too, so such a client lands on a closed loopback port and fails instead. Tests against moto pass
 *   moto's endpoint explicitly.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ENDPOINT_URL ??= 'http://127.0.0.1:9';
