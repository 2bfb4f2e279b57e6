// The map: the gateway's own data (geofences, receivers, alarms, a device's trail) drawn in SVG in Web Mercator
// world pixels (256 per world at zoom 0), so an optional offline tile server lines up; no tiles are needed.
import { escapeHtml, formatPosition } from "./format.js";

const svgNs = "http://www.w3.org/2000/svg";
const metresPerWorldPixel = 156543.03392804097;
const severityColour = { ALARM_SEVERITY_CRITICAL: "#ff3b30", ALARM_SEVERITY_HIGH: "#ff9500", ALARM_SEVERITY_MEDIUM: "#ffd60a", ALARM_SEVERITY_LOW: "#64d2ff" };

function project(longitude, latitude) {
  const sin = Math.sin((latitude * Math.PI) / 180);
  return [((longitude + 180) / 360) * 256, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256];
}

export class MapView {
  constructor(svg) {
    this.svg = svg;
    this.tileUrl = "";
    this.fences = [];
    this.receivers = [];
    this.alarms = [];
    this.trail = null;
    this.selected = null;
    this.view = null;
    this.listen();
    new ResizeObserver(() => this.render()).observe(svg);
  }

  setTileUrl(url) { this.tileUrl = url; this.render(); }
  setFences(collection) { this.fences = collection?.features ?? []; this.fitIfNeeded(); this.render(); }
  setReceivers(receivers) { this.receivers = receivers.filter((r) => r.latitude !== undefined && r.longitude !== undefined); this.fitIfNeeded(); this.render(); }
  setAlarms(alarms) { this.alarms = alarms.filter((a) => a.location); this.render(); }
  setTrail(locate) { this.trail = locate; this.render(); }

  /** Centres on a position, zoomed so that `radius` metres around it are in view. */
  focus(location, radius = 300) {
    const [x, y] = project(location.longitude, location.latitude);
    const span = (2 * Math.max(radius, location.accuracyMetres ?? 0, 50)) / (metresPerWorldPixel * Math.cos((location.latitude * Math.PI) / 180));
    const { width, height } = this.size();
    this.view = { x, y, scale: Math.min(width, height) / span / 1.2, latitude: location.latitude };
    this.selected = location;
    this.render();
  }

  size() {
    const box = this.svg.getBoundingClientRect();
    return { width: Math.max(box.width, 1), height: Math.max(box.height, 1) };
  }

  fitIfNeeded() {
    if (this.view) {
      return;
    }
    const points = [];
    const latitudes = this.receivers.map((r) => r.latitude);
    for (const fence of this.fences) {
      const geometry = fence.geometry;
      const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.type === "MultiPolygon" ? geometry.coordinates.flat() : [[geometry.coordinates]];
      rings.flat().forEach(([lon, lat]) => {
        points.push(project(lon, lat));
        latitudes.push(lat);
      });
    }
    this.receivers.forEach((r) => points.push(project(r.longitude, r.latitude)));
    if (points.length === 0) {
      return;
    }
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const { width, height } = this.size();
    const scale = Math.min(width / Math.max(maxX - minX, 1e-6), height / Math.max(maxY - minY, 1e-6)) * 0.9;
    this.view = { x: (minX + maxX) / 2, y: (minY + maxY) / 2, scale, latitude: latitudes.reduce((sum, lat) => sum + lat, 0) / latitudes.length };
  }

  toScreen(longitude, latitude) {
    const [x, y] = project(longitude, latitude);
    const { width, height } = this.size();
    return [(x - this.view.x) * this.view.scale + width / 2, (y - this.view.y) * this.view.scale + height / 2];
  }

  metresToPixels(metres, latitude) {
    return (metres / (metresPerWorldPixel * Math.cos((latitude * Math.PI) / 180))) * this.view.scale;
  }

  render() {
    if (!this.view) {
      return;
    }
    const { width, height } = this.size();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const parts = [this.tiles(width, height)];
    for (const fence of this.fences) {
      parts.push(this.fence(fence));
    }
    for (const receiver of this.receivers) {
      const [x, y] = this.toScreen(receiver.longitude, receiver.latitude);
      const title = `<title>${escapeHtml(receiver.name)} (${escapeHtml(receiver.id)})</title>`;
      parts.push(receiver.kind === "RECEIVER_KIND_MOBILE"
        ? `<circle class="receiver mobile" cx="${x}" cy="${y}" r="5" fill="#30d158">${title}</circle>`
        : `<rect class="receiver" x="${x - 4}" y="${y - 4}" width="8" height="8" fill="#bf5af2">${title}</rect>`);
    }
    if (this.trail?.trail?.length) {
      const points = this.trail.trail.map((p) => this.toScreen(p.location.longitude, p.location.latitude).join(",")).join(" ");
      parts.push(`<polyline class="trail" points="${points}" fill="none" stroke="#ff9500" stroke-width="3" stroke-dasharray="6 3"/>`);
      for (const point of this.trail.trail) {
        const [x, y] = this.toScreen(point.location.longitude, point.location.latitude);
        parts.push(`<circle class="trail-point" cx="${x}" cy="${y}" r="3" fill="#ff9500"><title>${escapeHtml(point.location.at)} ${escapeHtml(point.receiverId)}</title></circle>`);
      }
    }
    if (this.trail?.location) {
      parts.push(this.marker(this.trail.location, "#ff9500", this.trail.device?.displayName ?? ""));
    }
    for (const alarm of this.alarms) {
      parts.push(this.marker(alarm.location, severityColour[alarm.severity] ?? "#ff3b30", alarm.subject, `alarm-${escapeHtml(alarm.id)}`));
    }
    parts.push(this.scaleBar(height));
    this.svg.innerHTML = parts.join("");
  }

  fence(feature) {
    const geometry = feature.geometry;
    const props = feature.properties ?? {};
    const keepOut = props.mode === "keep-out";
    const style = `fill="${keepOut ? "rgba(255,59,48,0.10)" : "rgba(90,200,250,0.06)"}" stroke="${keepOut ? "#ff3b30" : "#5ac8fa"}" stroke-width="1.5" stroke-dasharray="5 4"`;
    const title = `<title>${escapeHtml(props.name ?? feature.id)}</title>`;
    if (geometry.type === "Point") {
      const [x, y] = this.toScreen(geometry.coordinates[0], geometry.coordinates[1]);
      return `<circle class="fence" cx="${x}" cy="${y}" r="${this.metresToPixels(props.radiusMetres ?? 0, geometry.coordinates[1])}" ${style}>${title}</circle>`;
    }
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    const d = polygons.flatMap((rings) => rings.map((ring) => "M" + ring.map(([lon, lat]) => this.toScreen(lon, lat).join(",")).join("L") + "Z")).join("");
    return `<path class="fence" d="${d}" fill-rule="evenodd" ${style}>${title}</path>`;
  }

  marker(location, colour, label, id = "") {
    const [x, y] = this.toScreen(location.longitude, location.latitude);
    const radius = Math.max(this.metresToPixels(location.accuracyMetres, location.latitude), 2);
    return `<g class="alarm-marker" ${id ? `id="${id}"` : ""}>
      <circle cx="${x}" cy="${y}" r="${radius}" fill="${colour}" fill-opacity="0.18" stroke="${colour}" stroke-width="1.5"/>
      <circle cx="${x}" cy="${y}" r="5" fill="${colour}"/>
      <text x="${x + 8}" y="${y - 8}">${escapeHtml(label)}</text>
      <title>${escapeHtml(label)} ${escapeHtml(formatPosition(location))}</title></g>`;
  }

  tiles(width, height) {
    if (!this.tileUrl) {
      return "";
    }
    const zoom = Math.max(0, Math.min(19, Math.round(Math.log2(this.view.scale))));
    const tileWorld = 256 / 2 ** zoom;
    const left = this.view.x - width / 2 / this.view.scale;
    const top = this.view.y - height / 2 / this.view.scale;
    const images = [];
    for (let tx = Math.floor(left / tileWorld); tx * tileWorld < left + width / this.view.scale; tx++) {
      for (let ty = Math.floor(top / tileWorld); ty * tileWorld < top + height / this.view.scale; ty++) {
        if (tx < 0 || ty < 0 || tx >= 2 ** zoom || ty >= 2 ** zoom) {
          continue;
        }
        const href = this.tileUrl.replace("{z}", zoom).replace("{x}", tx).replace("{y}", ty);
        const size = tileWorld * this.view.scale;
        const x = (tx * tileWorld - this.view.x) * this.view.scale + width / 2;
        const y = (ty * tileWorld - this.view.y) * this.view.scale + height / 2;
        images.push(`<image href="${escapeHtml(href)}" x="${x}" y="${y}" width="${size + 0.5}" height="${size + 0.5}" opacity="0.6"/>`);
      }
    }
    return images.join("");
  }

  /** A bar of a round number of metres at the bottom left. */
  scaleBar(height) {
    const latitude = this.selected?.latitude ?? this.view.latitude;
    const metresPerPixel = (metresPerWorldPixel * Math.cos((latitude * Math.PI) / 180)) / this.view.scale;
    const metres = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000].find((m) => m / metresPerPixel >= 60) ?? 50000;
    const length = metres / metresPerPixel;
    return `<g class="scale"><line x1="12" y1="${height - 12}" x2="${12 + length}" y2="${height - 12}" stroke="#e6edf3" stroke-width="3"/>
      <text x="12" y="${height - 18}">${metres >= 1000 ? `${metres / 1000} km` : `${metres} m`}</text></g>`;
  }

  listen() {
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY }; this.svg.setPointerCapture(e.pointerId); });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag || !this.view) {
        return;
      }
      this.view.x -= (e.clientX - drag.x) / this.view.scale;
      this.view.y -= (e.clientY - drag.y) / this.view.scale;
      drag = { x: e.clientX, y: e.clientY };
      this.render();
    });
    this.svg.addEventListener("pointerup", () => { drag = null; });
    this.svg.addEventListener("wheel", (e) => {
      if (!this.view) {
        return;
      }
      e.preventDefault();
      this.view.scale *= e.deltaY < 0 ? 1.25 : 0.8;
      this.render();
    }, { passive: false });
  }
}
