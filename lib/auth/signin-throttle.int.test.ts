// Sign-in throttling (issue 16): per address and per account, growing delays, and no lockout an
// attacker can trigger. Time passes by moving the recorded attempts into the past (the delays
// are measured from the database's clock, shared by every instance).
import { sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { describeEngines } from "@/lib/testing/db";
import { authenticatePassword, upsertUser } from "./people";
import { BASE_DELAY_MS, SIGNIN_LIMITS, delayAfter, signInWait } from "./signin-throttle";

const ATTACKER = "203.0.113.66";
const VICTIM_HOME = "198.51.100.10";

describeEngines("sign-in throttling", (get) => {
  beforeEach(async () => {
    await get().db.execute(sql`DELETE FROM login_attempts`);
  });
  /** Moves every recorded attempt `ms` into the past. */
  const elapse = (ms: number) => get().db.execute(sql`UPDATE login_attempts SET at = at - make_interval(secs => ${ms / 1000})`);
  const fail = (email: string, ip: string) => expect(authenticatePassword(get().db, email, "wrong-password-1", ip)).rejects.toThrow("CredentialsSignin");

  it("an attacker's five failures do not lock the owner out", async () => {
    const { db } = get();
    await upsertUser(db, { email: "victim@example.com", role: "approver", password: "victim-password-1" });
    for (let i = 0; i < 5; i++) await fail("victim@example.com", ATTACKER);
    // the attacker's own address now waits …
    await expect(authenticatePassword(db, "victim@example.com", "victim-password-1", ATTACKER)).rejects.toThrow("TooManyAttempts");
    // … the owner, from their address, signs in at once
    expect((await authenticatePassword(db, "victim@example.com", "victim-password-1", VICTIM_HOME)).email).toBe("victim@example.com");
  });

  it("many addresses failing at one account delay the owner at most a minute, never lock them out", async () => {
    const { db } = get();
    await upsertUser(db, { email: "target@example.com", role: "viewer", password: "target-password-1" });
    // 16 failures from 16 addresses, spaced so that no per-account delay refuses them
    for (let i = 0; i < 16; i++) {
      await fail("target@example.com", `192.0.2.${i}`);
      await elapse(SIGNIN_LIMITS.account.maxDelayMs);
    }
    await elapse(-SIGNIN_LIMITS.account.maxDelayMs); // the last failure: just now
    const wait = await signInWait(db, "target@example.com", VICTIM_HOME);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(SIGNIN_LIMITS.account.maxDelayMs);
    await elapse(SIGNIN_LIMITS.account.maxDelayMs);
    expect((await authenticatePassword(db, "target@example.com", "target-password-1", VICTIM_HOME)).email).toBe("target@example.com");
  });

  it("one address trying 40 accounts is slowed after 10 failures, whichever accounts they are", async () => {
    const { db } = get();
    const results: string[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        await authenticatePassword(db, `person${i}@example.com`, "guess-password-1", ATTACKER);
      } catch (e) {
        results.push((e as Error).message);
      }
    }
    expect(results.slice(0, SIGNIN_LIMITS.address.free)).toEqual(Array(SIGNIN_LIMITS.address.free).fill("CredentialsSignin"));
    expect(results.slice(SIGNIN_LIMITS.address.free)).toEqual(Array(40 - SIGNIN_LIMITS.address.free).fill("TooManyAttempts"));
    // refused attempts are not checked and not recorded: they do not lengthen the delay
    const res = (await db.execute(sql`SELECT count(*)::int AS n FROM login_attempts`)) as unknown as { rows: { n: number }[] };
    const [{ n }] = res.rows;
    expect(n).toBe(SIGNIN_LIMITS.address.free);
    // another address is not affected
    await fail("person0@example.com", VICTIM_HOME);
  });

  it("delays grow with every further failure and end when they have passed", async () => {
    const { db } = get();
    await upsertUser(db, { email: "grow@example.com", role: "viewer", password: "grow-password-12" });
    const free = SIGNIN_LIMITS.accountAtAddress.free;
    for (let i = 0; i < free; i++) await fail("grow@example.com", ATTACKER);
    const waits: number[] = [];
    for (let k = 0; k < 3; k++) {
      const w = await signInWait(db, "grow@example.com", ATTACKER);
      waits.push(w);
      await expect(authenticatePassword(db, "grow@example.com", "grow-password-12", ATTACKER)).rejects.toThrow("TooManyAttempts");
      await elapse(w + 10);
      await fail("grow@example.com", ATTACKER);
    }
    // 5 s, 10 s, 20 s (give or take the milliseconds the queries took)
    waits.forEach((w, k) => expect(Math.abs(w - BASE_DELAY_MS * 2 ** k), `wait ${k}: ${w}`).toBeLessThan(2000));
    await elapse(delayAfter(free + 3, free, SIGNIN_LIMITS.accountAtAddress.maxDelayMs) + 10);
    expect((await authenticatePassword(db, "grow@example.com", "grow-password-12", ATTACKER)).email).toBe("grow@example.com");
    // the success resets the account's count: one more mistake is free again (9 failures from
    // this address in all: under the address's own 10)
    await fail("grow@example.com", ATTACKER);
    expect(await signInWait(db, "grow@example.com", ATTACKER)).toBe(0);
  });

  it("is shared by every instance: the counts live in the database", async () => {
    const { db } = get();
    for (let i = 0; i < SIGNIN_LIMITS.address.free; i++) await fail(`other${i}@example.com`, ATTACKER);
    // an attempt recorded by another instance (another process writing the same table)
    await db.execute(sql`INSERT INTO login_attempts (email, ip, success) VALUES ('x@example.com', ${ATTACKER}, false)`);
    expect(await signInWait(db, "new@example.com", ATTACKER)).toBeGreaterThan(BASE_DELAY_MS);
  });
});
