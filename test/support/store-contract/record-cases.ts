// Store contract cases for agents, connectors and signing keys.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import { agent, connector, signingKey, T0 } from "./fixtures.js";

/** Registers the cases; `store()` is the current case's fresh store. */
export function recordCases(store: () => Store): void {
  it("agents can be created, read, listed, updated and deleted", async () => {
    const a = agent({ definition: { name: "A", rules: [{ match: { regex: "^hi$" } }], n: 1.5 } });
    const b = agent({ name: "B", createdAt: T0 + 1 });
    await store().createAgent(a);
    await store().createAgent(b);
    await expect(store().createAgent(a)).rejects.toThrow();

    expect(await store().getAgent(a.id)).toEqual(a);
    expect((await store().listAgents()).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());

    const changed = { ...a, name: "A2", definition: { name: "A2", nested: { x: [null, true] } } };
    expect(await store().updateAgent({ ...changed, updatedAt: T0 + 9 })).toBe(true);
    expect(await store().getAgent(a.id)).toEqual({ ...changed, updatedAt: T0 + 9 });
    expect(await store().updateAgent(agent())).toBe(false);

    expect(await store().deleteAgent(a.id)).toBe(true);
    expect(await store().deleteAgent(a.id)).toBe(false);
    expect(await store().getAgent(a.id)).toBeUndefined();
    expect(await store().listAgents()).toEqual([b]);
  });

  it("agents are found by their key hash, which updates replace and may clear", async () => {
    const keyed = agent({ keyHash: "hash-1" });
    await store().createAgent(keyed);
    await store().createAgent(agent());
    await store().createAgent(agent());
    expect(await store().getAgentByKeyHash("hash-1")).toEqual(keyed);
    expect(await store().getAgentByKeyHash("nope")).toBeUndefined();
    await expect(store().createAgent(agent({ keyHash: "hash-1" }))).rejects.toThrow();

    expect(await store().updateAgent({ ...keyed, keyHash: "hash-2" })).toBe(true);
    expect(await store().getAgentByKeyHash("hash-1")).toBeUndefined();
    expect((await store().getAgentByKeyHash("hash-2"))?.id).toBe(keyed.id);
    expect(await store().updateAgent({ ...keyed, keyHash: null })).toBe(true);
    expect(await store().getAgentByKeyHash("hash-2")).toBeUndefined();
  });

  it("connectors round-trip handoff JSON, chunk join, language detection and null host, name and handoff", async () => {
    const server = connector({
      handoff: { mode: "server" },
      chunkJoin: "space",
      languageDetection: { enabled: true, languages: ["en", "fr"] },
    });
    const client = connector({
      handoff: { mode: "client", reason: "COMPLEX_QUERY", queue_name: "Support", route: "r1" },
    });
    const bare = connector({ name: null, host: null, handoff: null });
    for (const c of [server, client, bare]) await store().createConnector(c);

    for (const c of [server, client, bare]) {
      expect(await store().getConnector(c.id)).toEqual(c);
      expect(await store().getConnectorByTokenHash(c.tokenHash)).toEqual(c);
    }
    expect(await store().getConnector("nope")).toBeUndefined();
    expect(await store().getConnectorByTokenHash("nope")).toBeUndefined();
    const listed = await store().listConnectors();
    expect(listed.map((c) => c.id).sort()).toEqual([server.id, client.id, bare.id].sort());
  });

  it("updateConnector replaces every field but id and createdAt", async () => {
    const original = connector();
    await store().createConnector(original);
    const replacement = connector({
      id: original.id,
      name: null,
      host: "app.example",
      agentId: "agent-2",
      handoff: { mode: "client", reason: "POLICY", queue_name: "Q" },
      chunkJoin: "concat",
      languageDetection: { enabled: false, languages: null },
      tokenHash: "rotated-hash",
      createdAt: T0 + 999,
      updatedAt: T0 + 1000,
    });

    expect(await store().updateConnector(replacement)).toBe(true);
    expect(await store().getConnector(original.id)).toEqual({
      ...replacement,
      createdAt: original.createdAt,
    });
    expect(await store().getConnectorByTokenHash(original.tokenHash)).toBeUndefined();
    expect((await store().getConnectorByTokenHash("rotated-hash"))?.id).toBe(original.id);
    expect(await store().updateConnector(connector())).toBe(false);

    expect(await store().deleteConnector(original.id)).toBe(true);
    expect(await store().deleteConnector(original.id)).toBe(false);
    expect(await store().getConnector(original.id)).toBeUndefined();
  });

  it("addSigningKey retires every other key at its createdAt; keys list newest first", async () => {
    expect(await store().listSigningKeys()).toEqual([]);
    const k1 = signingKey({ createdAt: T0 });
    const k2 = signingKey({ createdAt: T0 + 100 });
    const k3 = signingKey({ createdAt: T0 + 200 });

    await store().addSigningKey(k1);
    expect(await store().listSigningKeys()).toEqual([k1]);
    await store().addSigningKey(k2);
    expect(await store().listSigningKeys()).toEqual([k2, { ...k1, retiredAt: T0 + 100 }]);
    await store().addSigningKey(k3);
    expect(await store().listSigningKeys()).toEqual([
      k3,
      { ...k2, retiredAt: T0 + 200 },
      { ...k1, retiredAt: T0 + 100 },
    ]);
  });

  it("settings: a claim stores once, a put replaces, an unknown name is undefined", async () => {
    expect(await store().getSetting("provisioned")).toBeUndefined();
    expect(await store().claimSetting("provisioned", "process-a", T0)).toBe(true);
    expect(await store().claimSetting("provisioned", "process-b", T0 + 1)).toBe(false);
    expect(await store().getSetting("provisioned")).toBe("process-a");
    await store().putSetting("provisioned", "process-c", T0 + 2);
    expect(await store().getSetting("provisioned")).toBe("process-c");
    await store().putSetting("admin-token", "é😀 \n spaced ", T0);
    expect(await store().getSetting("admin-token")).toBe("é😀 \n spaced ");
  });

  it("of concurrent claims of one setting exactly one wins, and all read its value", async () => {
    const claims = await Promise.all(
      ["a", "b", "c", "d", "e"].map((value) => store().claimSetting("marker", value, T0)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = ["a", "b", "c", "d", "e"][claims.indexOf(true)];
    expect(await store().getSetting("marker")).toBe(winner);
  });

  it("withLock runs one holder at a time, in turn, and a failing holder releases it", async () => {
    const log: string[] = [];
    const holder = (name: string, fail = false) =>
      store().withLock("provisioning", async () => {
        log.push(`${name} in`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} out`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([holder("a"), holder("b", true), holder("c")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i + 1]).toBe(log[i]?.replace(" in", " out"));
    }
    expect(log).toHaveLength(6);
  });
}
