// The widget rig of a browser test file with desk users: started before the file, pages and desk sockets closed after each test.
import { afterAll, afterEach, beforeAll } from "vitest";
import { type OnlineDesk, onlineDesk } from "./desk.js";
import { startWidgetRig, type WidgetRig } from "./widget-page.js";

/** What a test file uses: the rig (once started) and desk users that go offline after each test. */
export interface WidgetDeskRig {
  readonly rig: WidgetRig;
  desk(opts?: Parameters<typeof onlineDesk>[1]): Promise<OnlineDesk>;
}

/** Registers the file's hooks: a widget rig (server settings `env`) and desk users cleaned up per test. */
export function useWidgetDeskRig(env: Record<string, string> = {}): WidgetDeskRig {
  let started: WidgetRig | undefined;
  const desks: OnlineDesk[] = [];
  beforeAll(async () => {
    started = await startWidgetRig(env);
  }, 60_000);
  afterEach(async () => {
    for (const desk of desks.splice(0)) desk.socket.close();
    await started?.closePage();
  });
  afterAll(() => started?.close());
  return {
    get rig() {
      if (!started) throw new Error("the widget rig is not started yet");
      return started;
    },
    async desk(opts) {
      const desk = await onlineDesk(this.rig.t, opts);
      desks.push(desk);
      return desk;
    },
  };
}
