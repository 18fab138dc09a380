// ./visor keys create|revoke|list: API keys of the gateway. The logic lives with the gateway's tables.
import { runKeys } from '@visor/gateway-service/src/keys-cli.ts';

export async function run(args: string[]): Promise<number> {
  return runKeys(args);
}
