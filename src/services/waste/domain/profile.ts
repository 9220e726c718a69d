// The device profile of fill-level sensors: readings map to WasteContainer attributes. The demo
// city's `waste` kind (src/sim/kinds.ts) provisions the same id and the same fill/temperature
// mapping; this profile adds the optional lid and tilt channels of sensors that have them.

export const FILL_SENSOR_PROFILE = {
  id: 'waste-container',
  name: '음식물 수거함 · Food waste container',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  dataClass: 'default',
  attributes: [
    // Sensors report percent; the entity holds the FIWARE fraction 0–1.
    {
      key: 'fill',
      attr: 'fillingLevel',
      type: 'number',
      unitCode: 'C62',
      scale: 0.01,
      min: 0,
      max: 1,
      required: true,
    },
    { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -40, max: 80 },
    { key: 'tilt', attr: 'tiltAngle', type: 'number', unitCode: 'DD', min: 0, max: 180 },
    { key: 'lid', attr: 'lidOpen', type: 'integer', min: 0, max: 1 },
  ],
} as const;
