// MQTT endpoint URIs (NGSI-LD 1.8 §7.2): mqtt[s]://[user][:password]@host[:port]/topic[/subtopic]*.
export interface MqttTarget {
  /** Broker URL without credentials or topic, e.g. mqtt://broker:1883. */
  broker: string;
  topic: string;
  username?: string;
  password?: string;
}

/** §7.2: default ports 1883 (mqtt) and 8883 (mqtts). Throws with a reason when the URI is unusable. */
export function parseMqttUri(uri: string): MqttTarget {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new Error(`${uri} is not a valid URI`);
  }
  if (u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:')
    throw new Error(`${uri} is not an mqtt:// or mqtts:// URI`);
  if (u.hostname === '') throw new Error(`${uri} has no broker host`);
  // MQTT-4.7.1-1: wildcards are for subscribing, never in a topic published to ('#' would also be a URI fragment).
  if (uri.includes('#') || u.search !== '')
    throw new Error(`the topic of ${uri} must not contain the wildcards # or +, nor a query`);
  const topic = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (topic === '') throw new Error(`${uri} has no topic (mqtt://host:port/topic)`);
  if (topic.includes('+')) throw new Error(`the topic of ${uri} must not contain the wildcards # or +`);
  const port = u.port !== '' ? u.port : u.protocol === 'mqtts:' ? '8883' : '1883';
  const out: MqttTarget = { broker: `${u.protocol}//${u.hostname}:${port}`, topic };
  if (u.username !== '') out.username = decodeURIComponent(u.username);
  if (u.password !== '') out.password = decodeURIComponent(u.password);
  return out;
}
