// Parse an .ics from stdin with ical.js (Thunderbird's parser) and print what it understood
// as JSON, so the Python tests can check our output with a parser that is not Python's.
//
// Usage: node icaljs.mjs [--from ISO] [--to ISO] < file.ics
// Occurrences are the instances whose (possibly moved) start lies in [from, to); without
// --to, at most MAX_OCCURRENCES per event are expanded and "truncated" says if more exist.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import ICAL from "ical.js";

const MAX_OCCURRENCES = 1000;

function fail(message) {
  process.stderr.write(`icaljs: ${message}\n`);
  process.exit(2);
}

function parseInstant(name, text) {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) fail(`--${name} ${text} is not an ISO 8601 date or date-time`);
  return ms;
}

const pad2 = (n) => String(Math.abs(n)).padStart(2, "0");

function isFloating(t) {
  return t.zone === ICAL.Timezone.localTimezone;
}

/** "2024-03-25T08:30:00+01:00" (the offset ical.js computes), a bare date, or a floating time. */
function isoWithOffset(t) {
  const local = t.toString().replace(/Z$/, "");
  if (t.isDate || isFloating(t)) return local;
  const offset = t.utcOffset() / 60;
  const sign = offset < 0 ? "-" : "+";
  return `${local}${sign}${pad2(Math.trunc(offset / 60))}:${pad2(offset % 60)}`;
}

function utcString(t) {
  if (t.isDate || isFloating(t)) return null;
  return new Date(t.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function timeJSON(t) {
  if (!t) return null;
  return {
    iso: isoWithOffset(t),
    utc: utcString(t),
    tzid: t.isDate || isFloating(t) ? null : t.zone.tzid,
    isDate: t.isDate,
  };
}

function textValue(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : value.toString();
}

function propertyJSON(prop, params) {
  const out = { value: prop.getFirstValue()?.toString() ?? null };
  for (const param of params) out[param] = prop.getParameter(param) ?? null;
  return out;
}

function allValues(component, name) {
  return component.getAllProperties(name).flatMap((p) => p.getValues().map((v) => v.toString()));
}

function eventJSON(event) {
  const c = event.component;
  const attendeeParams = ["cn", "role", "partstat", "rsvp", "cutype"];
  const organizer = c.getFirstProperty("organizer");
  return {
    uid: event.uid,
    summary: event.summary ?? null,
    location: event.location ?? null,
    description: event.description ?? null,
    status: textValue(c, "status"),
    sequence: c.hasProperty("sequence") ? event.sequence : null,
    dtstart: timeJSON(event.startDate),
    dtend: c.hasProperty("dtend") || c.hasProperty("duration") ? timeJSON(event.endDate) : null,
    isDate: event.startDate ? event.startDate.isDate : null,
    recurrenceId: timeJSON(event.recurrenceId),
    rrule: allValues(c, "rrule")[0] ?? null,
    exdates: c.getAllProperties("exdate").flatMap((p) => p.getValues().map(timeJSON)),
    attendees: c.getAllProperties("attendee").map((p) => propertyJSON(p, attendeeParams)),
    organizer: organizer ? propertyJSON(organizer, ["cn"]) : null,
    attach: allValues(c, "attach"),
    conference: c.getAllProperties("conference").map((p) => propertyJSON(p, ["label", "feature"])),
    alarms: c.getAllSubcomponents("valarm").map((a) => ({
      action: textValue(a, "action"),
      trigger: textValue(a, "trigger"),
      related: a.getFirstProperty("trigger")?.getParameter("related") ?? null,
      description: textValue(a, "description"),
    })),
    categories: allValues(c, "categories"),
    transp: textValue(c, "transp"),
  };
}

/** A VFREEBUSY: its span, organizer, the names of its properties and its busy periods. */
function freebusyJSON(c) {
  const periods = c.getAllProperties("freebusy").flatMap((p) =>
    p.getValues().map((period) => ({
      fbtype: p.getParameter("fbtype") ?? "BUSY",
      start_utc: utcString(period.start),
      end_utc: utcString(period.getEnd()),
    })),
  );
  return {
    dtstart: timeJSON(c.getFirstPropertyValue("dtstart")),
    dtend: timeJSON(c.getFirstPropertyValue("dtend")),
    organizer: c.getFirstPropertyValue("organizer")?.toString() ?? null,
    properties: c.getAllProperties().map((p) => p.name),
    periods,
  };
}

function occurrenceJSON(uid, start, end, item, recurrenceId) {
  return {
    uid,
    start: isoWithOffset(start),
    end: end ? isoWithOffset(end) : null,
    start_utc: utcString(start),
    end_utc: end ? utcString(end) : null,
    summary: item.summary ?? null,
    location: item.location ?? null,
    status: textValue(item.component, "status"),
    recurrenceId: recurrenceId ? isoWithOffset(recurrenceId) : null,
  };
}

/** The instances of one UID: the master expanded with its overrides, or lone overrides. */
function expand(master, overrides, fromMs, toMs) {
  const inRange = (t) => {
    const ms = t.toUnixTime() * 1000;
    return (fromMs === null || ms >= fromMs) && (toMs === null || ms < toMs);
  };
  if (!master) {
    return {
      occurrences: overrides
        .filter((e) => inRange(e.startDate))
        .map((e) => occurrenceJSON(e.uid, e.startDate, e.endDate, e, e.recurrenceId)),
      truncated: false,
    };
  }
  const event = new ICAL.Event(master, { exceptions: overrides, strictExceptions: true });
  const recurring = event.isRecurring();
  // A moved override may start in the window although its original start lies beyond it.
  const lastOverrideMs = Math.max(0, ...overrides.map((e) => e.recurrenceId.toUnixTime() * 1000));
  const occurrences = [];
  const iterator = event.iterator();
  let count = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    const originalMs = next.toUnixTime() * 1000;
    if (toMs !== null && originalMs >= toMs && originalMs > lastOverrideMs) break;
    if (toMs === null && ++count > MAX_OCCURRENCES) return { occurrences, truncated: true };
    const details = event.getOccurrenceDetails(next);
    if (inRange(details.startDate)) {
      occurrences.push(
        occurrenceJSON(
          event.uid,
          details.startDate,
          details.endDate,
          details.item,
          recurring ? details.recurrenceId : null,
        ),
      );
    }
  }
  return { occurrences, truncated: false };
}

function main() {
  const { values } = parseArgs({
    options: { from: { type: "string" }, to: { type: "string" } },
  });
  const fromMs = parseInstant("from", values.from);
  const toMs = parseInstant("to", values.to);

  let root;
  try {
    const jcal = ICAL.parse(readFileSync(0, "utf8"));
    if (jcal.length === 0) fail("the input holds no iCalendar data");
    if (Array.isArray(jcal[0])) fail("expected one VCALENDAR, found several");
    root = new ICAL.Component(jcal);
  } catch (err) {
    fail(`cannot parse the calendar: ${err.message}`);
  }
  if (root.name !== "vcalendar") fail(`expected a VCALENDAR, found ${root.name.toUpperCase()}`);

  const timezones = root.getAllSubcomponents("vtimezone");
  for (const vtimezone of timezones) ICAL.TimezoneService.register(vtimezone);
  const defined = new Set(timezones.map((z) => textValue(z, "tzid")));

  const calendar = {};
  for (const prop of root.getAllProperties()) calendar[prop.name] = prop.getFirstValue().toString();
  calendar.timezones = [...defined];

  const vevents = root.getAllSubcomponents("vevent");
  const used = new Set(
    vevents.flatMap((v) =>
      v.getAllProperties().map((p) => p.getParameter("tzid")).filter((tzid) => tzid),
    ),
  );
  calendar.unresolvedTzids = [...used].filter((tzid) => !defined.has(tzid));

  const events = vevents.map((v) => new ICAL.Event(v, { exceptions: [] }));
  const byUid = new Map();
  for (const event of events) {
    if (!byUid.has(event.uid)) byUid.set(event.uid, { master: null, overrides: [] });
    const group = byUid.get(event.uid);
    if (event.isRecurrenceException()) group.overrides.push(event);
    else if (group.master) fail(`two VEVENTs with UID ${event.uid} and no RECURRENCE-ID`);
    else group.master = event.component;
  }

  const occurrences = [];
  let truncated = false;
  for (const { master, overrides } of byUid.values()) {
    const expanded = expand(master, overrides, fromMs, toMs);
    occurrences.push(...expanded.occurrences);
    truncated ||= expanded.truncated;
  }
  occurrences.sort((a, b) => (a.start_utc ?? a.start).localeCompare(b.start_utc ?? b.start));

  const freebusy = root.getAllSubcomponents("vfreebusy").map(freebusyJSON);
  const out = { calendar, events: events.map(eventJSON), occurrences, truncated, freebusy };
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main();
