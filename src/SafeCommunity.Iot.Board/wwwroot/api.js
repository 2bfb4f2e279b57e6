// The gateway's API as JSON (gRPC JSON transcoding on the gateway's HTTP endpoint): the same calls, scopes and audit as gRPC.
// Calls go to the page's own gateway, or, after the alarm list moved to a peer instance, to that one's origin.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
    // "": the page's own origin; else another instance's ("http://gw-b.lan:5080"), from the board's peers.
    this.origin = "";
  }

  async call(method, path, body) {
    const response = await fetch(this.origin + path, {
      method,
      headers: this.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new ApiError(response.status, answer.code, answer.message ?? response.statusText);
    }
    return answer;
  }

  headers() {
    return { authorization: `Bearer ${this.token}`, "content-type": "application/json" };
  }

  whoAmI() { return this.call("GET", "/api/v1/whoami"); }
  acknowledge(alarmId) { return this.call("POST", `/api/v1/alarms/${alarmId}:acknowledge`, {}); }
  resolve(alarmId, note) { return this.call("POST", `/api/v1/alarms/${alarmId}:resolve`, { note }); }
  devices() { return this.call("POST", "/api/v1/devices:list", { page: { pageSize: 1000 } }); }
  locate(deviceId, trail) { return this.call("POST", `/api/v1/devices/${deviceId}:locate`, { trail }); }
  geofences() { return this.call("POST", "/api/v1/geofences:list", {}); }
  receivers() { return this.call("POST", "/api/v1/receivers:list", {}); }
  subscriptions() { return this.call("POST", "/api/v1/notifications/subscriptions:list", {}); }
  addSubscription(subscription) { return this.call("POST", "/api/v1/notifications/subscriptions", subscription); }
  removeSubscription(id) { return this.call("POST", `/api/v1/notifications/subscriptions/${encodeURIComponent(id)}:remove`, {}); }
  deadLetters() { return this.call("POST", "/api/v1/notifications/dead-letters:list", { limit: 100 }); }
  communityReport(communityId, firstDay, lastDay) {
    return this.call("POST", `/api/v1/communities/${encodeURIComponent(communityId)}:report`, { firstDay, lastDay });
  }

  /**
   * Alarms.Watch: one JSON object per message (an event or a heartbeat), one per line, until the stream ends.
   * onOpen is called once the gateway has accepted the watch. Resolves when the stream ends; an error object in the
   * stream (the gateway stopping) is thrown.
   */
  async watch(afterSequence, onMessage, signal, onOpen = () => {}) {
    const body = afterSequence === null ? {} : { afterSequence };
    const response = await fetch(this.origin + "/api/v1/alarms:watch", { method: "POST", headers: this.headers(), body: JSON.stringify(body), signal });
    if (!response.ok || !response.body) {
      const answer = await response.json().catch(() => ({}));
      throw new ApiError(response.status, answer.code, answer.message ?? response.statusText);
    }
    onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          const message = JSON.parse(line);
          if (message.event || message.heartbeat) {
            onMessage(message);
          } else {
            throw new ApiError(0, message.code, message.message);
          }
        }
      }
    }
  }
}
