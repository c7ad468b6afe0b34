// One attacker against a connector's other visitors, on distinct loopback addresses: what the victims still get.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sendFrom } from "../support/http-from.js";
import { rawUpgrade } from "../support/raw-websocket.js";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-main.js";

const ATTACKER = "127.0.0.2";
const VICTIMS = ["127.0.0.3", "127.0.0.4", "127.0.0.5"];

export interface VictimResult {
  /** Token requests the attacker made (about 18 a second) and what they got. */
  flood: { sent: number; ok: number; limited: number };
  /** The victims' token requests (one a second each) during the flood. */
  victims: { sent: number; ok: number; limited: number };
  /** Wrong connector tokens sent as fast as possible: how many were checked (401) and refused (429). */
  guessing: { sent: number; checked: number; limited: number; perSecondChecked: number };
  /** 3 s of upgrades with a bad token to the victim's session, the victim connecting meanwhile. */
  badUpgrades: { attacker: Record<number, number>; victim: Record<number, number> };
}

/** Runs the three attacks against the server at `main` (this build by default) with default limits. */
export async function measureVictims(floodMs: number, main?: string): Promise<VictimResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-victims-"));
  const server = await spawnServer(dataDir, {}, undefined, main);
  try {
    const token = demoConnectorToken(dataDir);
    const result: VictimResult = {
      ...(await flood(server, token, floodMs)),
      guessing: await guessing(server, floodMs),
      badUpgrades: await badUpgrades(server, token),
    };
    return result;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Prints a result as the lines docs/security.md quotes. */
export function describeVictims(result: VictimResult, log: (line: string) => void): void {
  const { flood: f, victims: v, guessing: g, badUpgrades: u } = result;
  log(
    `token flood: attacker ${f.sent} requests (${f.ok} served, ${f.limited} refused 429); victims ${v.ok}/${v.sent} served, ${v.limited} refused`,
  );
  log(
    `token guessing: ${g.sent} wrong tokens, ${g.checked} checked (${g.perSecondChecked.toFixed(1)}/s), ${g.limited} refused 429 before any check`,
  );
  log(
    `bad-token upgrades for 3 s: attacker got ${JSON.stringify(u.attacker)}; the victim's own connects got ${JSON.stringify(u.victim)}`,
  );
}

function tokenRequest(server: ServerProcess, from: string, connectorToken: string) {
  return sendFrom(from, new URL("/api/v1/access-token", server.url), "POST", {
    "X-Token": connectorToken,
    "X-Host": "localhost",
  });
}

async function flood(server: ServerProcess, connectorToken: string, ms: number) {
  const flooded = { sent: 0, ok: 0, limited: 0 };
  const victims = { sent: 0, ok: 0, limited: 0 };
  const until = Date.now() + ms;
  const attacker = (async () => {
    while (Date.now() < until) {
      const status = (await tokenRequest(server, ATTACKER, connectorToken)).status;
      count(flooded, status);
      await sleep(1000 / 18);
    }
  })();
  const visitors = VICTIMS.map(async (address) => {
    while (Date.now() < until) {
      count(victims, (await tokenRequest(server, address, connectorToken)).status);
      await sleep(1000);
    }
  });
  await Promise.all([attacker, ...visitors]);
  return { flood: flooded, victims };
}

async function guessing(server: ServerProcess, ms: number) {
  const result = { sent: 0, checked: 0, limited: 0, perSecondChecked: 0 };
  const started = Date.now();
  const worker = async (n: number) => {
    for (let i = 0; Date.now() - started < ms; i++) {
      const status = (await tokenRequest(server, ATTACKER, `sbc_guess_${n}_${i}`)).status;
      result.sent += 1;
      if (status === 401) result.checked += 1;
      if (status === 429) result.limited += 1;
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  result.perSecondChecked = result.checked / (ms / 1000);
  return result;
}

// A fresh attacker address (the guessing above used up the first one's failed credentials).
async function badUpgrades(server: ServerProcess, connectorToken: string) {
  const minted = await tokenRequest(server, "127.0.0.6", connectorToken);
  const accessToken = (minted.json as { access_token: string }).access_token;
  const created = await sendFrom("127.0.0.6", new URL("/api/v1/sessions", server.url), "POST", {
    Authorization: `Bearer ${accessToken}`,
  });
  const sessionId = (created.json as { session_id: string }).session_id;
  const upgrade = async (token: string, localAddress: string) => {
    const query = new URLSearchParams({ session_id: sessionId, access_token: token });
    const outcome = await rawUpgrade({
      host: "127.0.0.1",
      port: server.port,
      localAddress,
      path: `/ws?${query}`,
    });
    if (outcome.ok) outcome.socket.destroy();
    return outcome.ok ? 101 : outcome.status;
  };
  const attacker: Record<number, number> = {};
  const victim: Record<number, number> = {};
  const until = Date.now() + 3000;
  const flood = async () => {
    while (Date.now() < until) {
      const status = await upgrade("x.y.z", "127.0.0.7");
      attacker[status] = (attacker[status] ?? 0) + 1;
    }
  };
  const visitor = async () => {
    while (Date.now() < until) {
      const status = await upgrade(accessToken, "127.0.0.6");
      victim[status] = (victim[status] ?? 0) + 1;
      await sleep(300);
    }
  };
  await Promise.all([flood(), flood(), visitor()]);
  return { attacker, victim };
}

function count(into: { sent: number; ok: number; limited: number }, status: number): void {
  into.sent += 1;
  if (status === 200) into.ok += 1;
  if (status === 429) into.limited += 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
