// Display helpers: numbers, times and positions as the board shows them.
import { t } from "./i18n.js";

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

export function formatTime(iso) {
  if (!iso) {
    return "—";
  }
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return sameDay ? at.toLocaleTimeString([], { hour12: false }) : at.toLocaleString([], { hour12: false });
}

export function formatPosition(location) {
  if (!location) {
    return "—";
  }
  return `${location.latitude.toFixed(5)},${location.longitude.toFixed(5)} ±${Math.round(location.accuracyMetres)} m`;
}

/** A protobuf JSON duration ("93.5s") as "1 h 33 min" / "1 min 33 s" / "12 s", leaving out a zero last part ("2 min", "1 h"). */
export function formatDuration(duration) {
  const seconds = Math.round(parseFloat(duration ?? "0"));
  const parts = seconds >= 3600
    ? [[Math.floor(seconds / 3600), "h"], [Math.floor((seconds % 3600) / 60), "min"]]
    : seconds >= 60 ? [[Math.floor(seconds / 60), "min"], [seconds % 60, "s"]] : [[seconds, "s"]];
  return parts.filter(([value], i) => i === 0 || value > 0).map(([value, unit]) => `${value} ${unit}`).join(" ");
}

export function locationSource(source) {
  return { LOCATION_SOURCE_GNSS: t("gnss"), LOCATION_SOURCE_GNSS_STALE: t("gnssStale"), LOCATION_SOURCE_RECEIVERS: t("byReceivers") }[source] ?? t("unknown");
}
