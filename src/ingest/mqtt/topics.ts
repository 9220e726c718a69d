// The MQTT topic scheme of dosi (documented in docs/INGEST.md):
//   dosi/{tenant}/{deviceId}/attrs    device → dosi   readings (JSON, see the device profile)
//   dosi/{tenant}/{deviceId}/cmd      dosi → device   commands  {"id","name","params"}
//   dosi/{tenant}/{deviceId}/cmdexe   device → dosi   command results {"id","status","result"}

export type TopicKind = 'attrs' | 'cmd' | 'cmdexe';

export interface ParsedTopic {
  tenant: string;
  deviceId: string;
  kind: TopicKind;
}

export function parseTopic(topic: string): ParsedTopic | undefined {
  const p = topic.split('/');
  if (p.length !== 4 || p[0] !== 'dosi') return undefined;
  const [, tenant, deviceId, kind] = p as [string, string, string, string];
  if (!tenant || !deviceId || (kind !== 'attrs' && kind !== 'cmd' && kind !== 'cmdexe')) return undefined;
  return { tenant, deviceId, kind };
}

export const deviceTopic = (tenant: string, deviceId: string, kind: TopicKind): string =>
  `dosi/${tenant}/${deviceId}/${kind}`;
