// Wires the board together: sign-in, the live alarm list, the map and the side panels.
import { Api, ApiError } from "./api.js";
import { AlarmList } from "./alarms.js";
import { applyTexts, enumLabel, onLanguageChange, t, toggleLanguage } from "./i18n.js";
import { MapView } from "./map.js";
import { NotificationsPanel } from "./notify.js";
import { LocatePanel, ReceiversPanel } from "./panels.js";
import { ReportPage } from "./report.js";

const $ = (id) => document.getElementById(id);
const tokenKey = "board.token";
const receiverRefresh = 10_000;
// Every periodic call, stopped together when the gateway refuses the token.
const timers = [];
let soundOn = localStorage.getItem("board.sound") !== "off";
let audio = null;

applyTexts();
updateSoundButton();
$("language").addEventListener("click", toggleLanguage);
$("sound").addEventListener("click", () => {
  soundOn = !soundOn;
  localStorage.setItem("board.sound", soundOn ? "on" : "off");
  updateSoundButton();
});
$("sign-in").addEventListener("submit", (e) => {
  e.preventDefault();
  // Created on the click: browsers only let a page play sound after the user did something.
  audio ??= new AudioContext();
  signIn($("token").value.trim());
});
$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem(tokenKey);
  location.reload();
});
if (sessionStorage.getItem(tokenKey)) {
  signIn(sessionStorage.getItem(tokenKey));
}

function updateSoundButton() {
  $("sound").dataset.i18n = soundOn ? "soundOn" : "soundOff";
  $("sound").textContent = t($("sound").dataset.i18n);
}

function showError(error) {
  $("action-error").textContent = error ? (error instanceof ApiError ? `${error.message}` : String(error)) : "";
}

async function signIn(token) {
  const api = new Api(token);
  let who;
  try {
    who = await api.whoAmI();
  } catch (error) {
    sessionStorage.removeItem(tokenKey);
    $("sign-in-error").textContent = t("signInFailed") + error.message;
    return;
  }
  sessionStorage.setItem(tokenKey, token);
  $("sign-in").hidden = true;
  $("board").hidden = false;
  $("sign-out").hidden = false;
  const showWho = () => {
    $("who").textContent = [who.name, enumLabel("role", "ROLE_", who.role), (who.communityIds ?? []).join(", ")].filter(Boolean).join(" · ");
  };
  showWho();
  onLanguageChange(showWho);
  startBoard(api);
  if (who.role === "ROLE_ADMIN" || who.role === "ROLE_POST") {
    startReports(api, who);
    startNotifications(api);
  }
}

/** The notifications tab: the post's subscriptions and its notices given up on, refreshed with the receivers. */
function startNotifications(api) {
  const panel = new NotificationsPanel(api, {
    form: $("subscription-form"), subscriptions: $("subscription-table"), deadLetters: $("dead-letter-table"),
    secret: $("subscription-secret"), onError: showError,
  });
  const tab = document.querySelector(".side nav button[data-tab=notify]");
  tab.hidden = false;
  const refresh = () => panel.refresh().catch(showError);
  tab.addEventListener("click", refresh);
  refresh();
  timers.push(setInterval(refresh, receiverRefresh));
  onLanguageChange(() => panel.render());
}

/** The report page, for the police rooms and the bureau; the header's button switches between it and the board. */
function startReports(api, who) {
  const toggle = $("view-toggle");
  const showError = (error) => {
    $("report-error").textContent = error ? error.message ?? String(error) : "";
  };
  const reports = new ReportPage(api, {
    form: $("report-form"), community: $("report-community"), first: $("report-first"), last: $("report-last"),
    result: $("report-result"), csv: $("report-csv"), json: $("report-json"), onError: showError,
  });
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const toReport = $("report").hidden;
    $("report").hidden = !toReport;
    $("board").hidden = toReport;
    toggle.dataset.i18n = toReport ? "board" : "reports";
    toggle.textContent = t(toggle.dataset.i18n);
    if (toReport) {
      reports.setCommunities(who).catch(showError);
    }
  });
  onLanguageChange(() => reports.render());
}

function startBoard(api) {
  const map = new MapView($("map"));
  const locate = new LocatePanel(api, map, {
    form: $("locate-form"), device: $("locate-device"), trail: $("locate-trail"), result: $("locate-result"), onError: showError,
  });
  const receivers = new ReceiversPanel(api, map, $("receiver-table"));
  const resolveForm = $("resolve");
  const alarms = new AlarmList(api, {
    table: $("alarm-table"),
    counter: $("alarm-count"),
    connection: $("connection"),
    gateway: $("gateway"),
    onChange: () => map.setAlarms(alarms.list),
    onSignedOut: (message) => {
      // A revoked or expired token: stop calling with it (wrong tokens count against this address).
      timers.forEach(clearInterval);
      sessionStorage.removeItem(tokenKey);
      $("board").hidden = true;
      $("report").hidden = true;
      $("view-toggle").hidden = true;
      $("sign-in").hidden = false;
      $("sign-in-error").textContent = t("signInFailed") + message;
    },
    onSelect: async (alarm, action) => {
      showError(null);
      try {
        if (action === "acknowledge") {
          alarms.apply((await api.acknowledge(alarm.id)).alarm);
        } else if (action === "resolve") {
          resolveForm.dataset.alarmId = alarm.id;
          $("resolve-alarm").textContent = `#${alarm.id} ${alarm.subject}`;
          resolveForm.hidden = false;
          $("resolve-note").focus();
        } else {
          if (alarm.location) {
            map.focus(alarm.location);
          }
          if (alarm.deviceId) {
            await locate.locate(alarm.deviceId);
          }
        }
      } catch (error) {
        showError(error);
      }
    },
  });

  resolveForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      alarms.apply((await api.resolve(resolveForm.dataset.alarmId, $("resolve-note").value)).alarm);
      resolveForm.hidden = true;
      $("resolve-note").value = "";
      showError(null);
    } catch (error) {
      showError(error);
    }
  });
  $("resolve-cancel").addEventListener("click", () => { resolveForm.hidden = true; });

  document.querySelectorAll(".side nav button").forEach((button) => button.addEventListener("click", () => {
    document.querySelectorAll(".side nav button").forEach((b) => b.classList.toggle("active", b === button));
    document.querySelectorAll(".side .tab").forEach((tab) => { tab.hidden = tab.id !== `tab-${button.dataset.tab}`; });
  }));

  onLanguageChange(() => {
    alarms.render();
    locate.render();
    receivers.render();
    updateSoundButton();
  });

  // The peers are known before the stream starts, so that a gateway gone quiet right after loading is passed over.
  fetch("config.json").then((r) => r.json()).then((config) => {
    map.setTileUrl(config.tileUrl);
    alarms.setPeers(config.peers ?? []);
  }).catch(showError).finally(() => alarms.run());
  api.geofences().then((answer) => map.setFences(JSON.parse(answer.geojson))).catch(showError);
  locate.loadDevices().catch(showError);
  const refreshReceivers = () => receivers.refresh().catch(showError);
  refreshReceivers();
  timers.push(setInterval(refreshReceivers, receiverRefresh));
  timers.push(setInterval(() => {
    if (soundOn && alarms.hasUrgent) {
      beep();
    }
  }, 2000));
}

/** Two short tones; an urgent alarm repeats them until someone acknowledges it. */
function beep() {
  if (!audio || audio.state !== "running") {
    return;
  }
  [0, 0.25].forEach((offset) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = offset ? 660 : 880;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + offset);
    oscillator.stop(audio.currentTime + offset + 0.18);
  });
}
