/** Registers `openclaw portkey doctor` on OpenClaw's command line; loaded only when that command runs. */
import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_CLI_COMMAND, PORTKEY_CLI_DESCRIPTION } from "../gateway/config/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";

type CliContext = Parameters<Parameters<OpenClawPluginApi["registerCli"]>[0]>[0];

export function registerPortkeyCli({ program, config }: CliContext, settings: PortkeyPluginSettings): void {
  const portkey = program.command(PORTKEY_CLI_COMMAND).description(PORTKEY_CLI_DESCRIPTION);
  portkey
    .command("doctor")
    .description("Check the key, the gateway, the Config, the model list and each capability with one tiny request")
    .action(async () => {
      const { formatDoctorReport, runPortkeyDoctor } = await import("./doctor.ts");
      const checks = await runPortkeyDoctor(config, settings);
      process.stdout.write(`${formatDoctorReport(checks)}\n`);
      process.exitCode = checks.every((check) => check.ok) ? 0 : 1;
    });
}
