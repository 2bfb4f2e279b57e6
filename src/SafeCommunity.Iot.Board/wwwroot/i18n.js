// The page's own words in both languages. Names of people, places and devices come from the gateway as they are.
const texts = {
  en: {
    title: "Alarm board", token: "Token", signIn: "Sign in", signOut: "Sign out", soundOn: "Sound on", soundOff: "Sound off",
    alarms: "Alarms", kind: "Kind", subject: "Subject", community: "Community", where: "Where", when: "When", count: "Count",
    state: "State", acknowledge: "Acknowledge", resolve: "Resolve", cancel: "Cancel", resolveNote: "How it was dealt with:",
    locate: "Locate", receivers: "Receivers", receiver: "Receiver", link: "Link", lastHeard: "Last heard", frames: "Frames",
    errors: "Errors", legendFence: "Geofence", legendReceiver: "Receiver", legendMobile: "Patrol receiver",
    legendAlarm: "Alarm ± accuracy", legendTrail: "Trail", live: "live", reconnecting: "reconnecting…", offline: "offline",
    position: "Position", accuracy: "Accuracy", age: "Age", battery: "Battery", lastReceiver: "Last receiver", status: "Status",
    trail: "Trail", points: "points", reportedStolen: "REPORTED STOLEN", never: "never located", unknown: "unknown",
    byReceivers: "from receivers", gnss: "GNSS", gnssStale: "GNSS (old fix)", signInFailed: "Sign-in refused: ",
    language: "中文", reports: "Reports", board: "Alarm board", firstDay: "From", lastDay: "To", makeReport: "Make report",
    downloadCsv: "Download CSV", downloadJson: "Download JSON", alarmsPerDay: "Alarms per day", ackDistribution: "Time to acknowledge",
    byKind: "Alarms by kind", devicesToCheck: "Devices silent or low on battery", receiversDown: "Receivers down",
    raised: "alarms raised", ackMedian: "acknowledged, median", ackP90: "acknowledged, 90%", resolveMedian: "resolved, median",
    resolveP90: "resolved, 90%", unanswered: "unanswered", escalated: "escalated", clearedByGateway: "cleared by the gateway",
    silentDevices: "devices silent", lowBatteries: "low batteries", outages: "Outages", downFor: "Down for", down: "down", up: "up",
    none: "none", notifications: "Notifications", subscriptionName: "Name", subscriptionAddress: "phone, e-mail or https URL",
    channel: "Channel", level: "Level", what: "What", quietHours: "Quiet hours", add: "Add", remove: "Remove",
    deadLetters: "Not delivered", givenUp: "Given up", alarm: "Alarm", text: "Text", why: "Why", allKinds: "every kind",
    webhookSecret: "Signing key of this webhook (shown once):",
    "channel.SMS": "SMS", "channel.EMAIL": "E-mail", "channel.WEBHOOK": "Webhook",
    "level.WATCHER": "on every alarm", "level.DUTY_OFFICER": "duty officer", "level.BUREAU": "bureau",
    "kind.SOS": "SOS", "kind.FALL": "Fall", "kind.WRISTBAND_REMOVED": "Wristband removed", "kind.TAMPER": "Tamper",
    "kind.MOVED_WHILE_ARMED": "Moved while armed", "kind.STOLEN_BIKE_SIGHTED": "Stolen bike sighted",
    "kind.LEFT_SAFE_ZONE": "Left safe zone", "kind.ENTERED_FORBIDDEN_ZONE": "Entered forbidden zone",
    "kind.SILENT_TOO_LONG": "Silent too long", "kind.LOW_BATTERY": "Low battery", "kind.RECEIVER_SILENT": "Receiver silent",
    "kind.SECURITY": "Security",
    "state.OPEN": "open", "state.ACKNOWLEDGED": "acknowledged", "state.RESOLVED": "resolved",
    "severity.CRITICAL": "critical", "severity.HIGH": "high", "severity.MEDIUM": "medium", "severity.LOW": "low",
    "role.ADMIN": "administrator", "role.POST": "police room", "role.FAMILY": "family", "role.OWNER": "owner",
    "link.CONNECTED": "up", "link.CONNECTING": "connecting", "link.DISCONNECTED": "down", "link.UNSPECIFIED": "—",
  },
  "zh-CN": {
    title: "警情看板", token: "令牌", signIn: "登录", signOut: "退出", soundOn: "声音：开", soundOff: "声音：关",
    alarms: "警情", kind: "类型", subject: "对象", community: "社区", where: "位置", when: "时间", count: "次数",
    state: "状态", acknowledge: "接警", resolve: "处置完毕", cancel: "取消", resolveNote: "处置情况：",
    locate: "定位", receivers: "基站", receiver: "基站", link: "链路", lastHeard: "最近收到", frames: "帧数",
    errors: "错误", legendFence: "电子围栏", legendReceiver: "固定基站", legendMobile: "巡逻接收机",
    legendAlarm: "警情 ± 精度", legendTrail: "轨迹", live: "实时", reconnecting: "重新连接中…", offline: "离线",
    position: "位置", accuracy: "精度", age: "时效", battery: "电量", lastReceiver: "最近基站", status: "状态",
    trail: "轨迹", points: "个点", reportedStolen: "已报失窃", never: "尚无定位", unknown: "未知",
    byReceivers: "基站推算", gnss: "卫星定位", gnssStale: "卫星定位（旧）", signInFailed: "登录被拒绝：",
    language: "English", reports: "报表", board: "警情看板", firstDay: "从", lastDay: "到", makeReport: "生成报表",
    downloadCsv: "下载 CSV", downloadJson: "下载 JSON", alarmsPerDay: "每日警情", ackDistribution: "接警用时分布",
    byKind: "各类警情", devicesToCheck: "无信号或电量低的设备", receiversDown: "基站故障",
    raised: "警情总数", ackMedian: "接警用时中位数", ackP90: "接警用时 90%", resolveMedian: "处置用时中位数",
    resolveP90: "处置用时 90%", unanswered: "未接警", escalated: "已升级", clearedByGateway: "自动解除",
    silentDevices: "无信号设备", lowBatteries: "电量低设备", outages: "故障次数", downFor: "故障时长", down: "故障中", up: "已恢复",
    none: "无", notifications: "通知", subscriptionName: "名称", subscriptionAddress: "手机号、邮箱或 https 地址",
    channel: "方式", level: "级别", what: "内容", quietHours: "免打扰", add: "添加", remove: "删除",
    deadLetters: "未送达", givenUp: "放弃时间", alarm: "警情", text: "内容", why: "原因", allKinds: "所有类型",
    webhookSecret: "此 Webhook 的签名密钥（只显示一次）：",
    "channel.SMS": "短信", "channel.EMAIL": "邮件", "channel.WEBHOOK": "Webhook",
    "level.WATCHER": "每次警情", "level.DUTY_OFFICER": "值班民警", "level.BUREAU": "分局",
    "kind.SOS": "紧急呼救", "kind.FALL": "跌倒", "kind.WRISTBAND_REMOVED": "手环被摘下", "kind.TAMPER": "防拆报警",
    "kind.MOVED_WHILE_ARMED": "设防时被移动", "kind.STOLEN_BIKE_SIGHTED": "被盗车辆出现",
    "kind.LEFT_SAFE_ZONE": "离开安全区", "kind.ENTERED_FORBIDDEN_ZONE": "进入禁入区",
    "kind.SILENT_TOO_LONG": "长时间无信号", "kind.LOW_BATTERY": "电量低", "kind.RECEIVER_SILENT": "基站无信号",
    "kind.SECURITY": "安全事件",
    "state.OPEN": "未处理", "state.ACKNOWLEDGED": "已接警", "state.RESOLVED": "已处置",
    "severity.CRITICAL": "紧急", "severity.HIGH": "高", "severity.MEDIUM": "中", "severity.LOW": "低",
    "role.ADMIN": "管理员", "role.POST": "警务室", "role.FAMILY": "家属", "role.OWNER": "车主",
    "link.CONNECTED": "在线", "link.CONNECTING": "连接中", "link.DISCONNECTED": "断开", "link.UNSPECIFIED": "—",
  },
};

let language = localStorage.getItem("board.language") === "en" ? "en" : "zh-CN";
const listeners = [];

export function t(key) {
  return texts[language][key] ?? texts.en[key] ?? key;
}

/** The label of a proto enum value ("ALARM_KIND_SOS" with prefix "ALARM_KIND_" and group "kind"). */
export function enumLabel(group, prefix, value) {
  const name = String(value ?? "").replace(prefix, "");
  return texts[language][`${group}.${name}`] ?? name.toLowerCase().replaceAll("_", " ");
}

export function currentLanguage() {
  return language;
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

export function toggleLanguage() {
  language = language === "en" ? "zh-CN" : "en";
  localStorage.setItem("board.language", language);
  applyTexts();
  listeners.forEach((listener) => listener());
}

export function applyTexts() {
  document.documentElement.lang = language;
  document.title = `SafeCommunity · ${t("title")}`;
  document.querySelectorAll("[data-i18n]").forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((element) => {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  });
  document.getElementById("language").textContent = t("language");
}
