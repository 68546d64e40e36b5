// TimeML values as people read them, with their precision: "13 Sep 2022", "Sep 2022", "week of 5 Sep 2022",
// "reported 14 Sep 2022".

export const DAY_MS = 86400000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", AU: "autumn", WI: "winter" };

function dayText(year, month, day) {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function isoWeekMonday(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS + (week - 1) * 7 * DAY_MS);
  return monday;
}

export function humanDate(value, precision, reported) {
  const onReport = reported ? ` ${humanDate(reported)}` : "";
  if (!value) return reported && precision === "reported_on" ? `reported${onReport}` : "undated";
  if (value.includes("/")) return dateRange(...value.split("/"));
  if (value === "PRESENT_REF") return `now (reported${onReport})`;
  if (value === "PAST_REF") return `in the past (reported${onReport})`;
  if (value === "FUTURE_REF") return `in future (reported${onReport})`;
  let m = value.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) {
    const text = dayText(+m[1], +m[2], +m[3]);
    return precision === "reported_on" ? `reported ${text}` : text;
  }
  m = value.match(/^(\d{4})-W(\d{2})(-WE)?$/);
  if (m) {
    const monday = isoWeekMonday(+m[1], +m[2]);
    const start = m[3] ? new Date(monday.getTime() + 5 * DAY_MS) : monday;
    return `${m[3] ? "weekend" : "week"} of ${dayText(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate())}`;
  }
  m = value.match(/^(\d{4})-(\d{2})$/);
  if (m) return `${MONTHS[+m[2] - 1]} ${m[1]}`;
  m = value.match(/^(\d{4})-Q(\d)$/);
  if (m) return `Q${m[2]} ${m[1]}`;
  m = value.match(/^(\d{4})-(SP|SU|FA|AU|WI)$/);
  if (m) return `${SEASONS[m[2]]} ${m[1]}`;
  return value;
}

export function dateRange(start, end) {
  if (!start) return "undated";
  if (start === end || !end) return humanDate(start);
  const [a, b] = [humanDate(start), humanDate(end)];
  const days = /^\d{4}-\d{2}-\d{2}$/;
  if (days.test(start) && days.test(end) && start.slice(0, 7) === end.slice(0, 7)) return `${a.split(" ")[0]}–${b}`; // "10–13 Sep 2022"
  return `${a} – ${b}`;
}

