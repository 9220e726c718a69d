import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, MAX_BACKOFF_MS } from './backoff.ts';
import { parseMqttUri } from './mqtt-uri.ts';

test('back-off doubles from the base and stops at the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffMs(n, 1000)),
    [1000, 2000, 4000, 8000],
  );
  assert.equal(backoffMs(40, 1000), MAX_BACKOFF_MS);
});

test('MQTT endpoint URIs: default ports, credentials, nested topics', () => {
  assert.deepEqual(parseMqttUri('mqtt://broker/city/bins'), {
    broker: 'mqtt://broker:1883',
    topic: 'city/bins',
  });
  assert.deepEqual(parseMqttUri('mqtts://u:p%40ss@broker:9999/t'), {
    broker: 'mqtts://broker:9999',
    topic: 't',
    username: 'u',
    password: 'p@ss',
  });
  assert.equal(parseMqttUri('mqtts://broker/t').broker, 'mqtts://broker:8883');
  assert.throws(() => parseMqttUri('mqtt://broker/'), /no topic/);
  assert.throws(() => parseMqttUri('mqtt://broker/a/+/b'), /wildcards/);
  assert.throws(() => parseMqttUri('http://broker/a'), /mqtt/);
});
