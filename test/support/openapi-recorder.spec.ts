import { OpenApiRecorder } from './openapi-recorder.js';

/** A document with one route whose answer holds a nullable object, written as the given schema. */
const documentWith = (openapi: string, deliveryAddress: object) => ({
  openapi,
  paths: {
    '/v1/orders/{id}': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { id: { type: 'string', format: 'uuid' }, deliveryAddress },
                  required: ['id', 'deliveryAddress'],
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: { Address: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false } },
  },
});

const recorded = (body: unknown) => {
  const recorder = new OpenApiRecorder();
  recorder.responses.push({ method: 'get', route: '/v1/orders/{id}', status: 200, contentType: 'application/json', body });
  return recorder;
};

const ID = '4b0e6a36-0b4f-4ff4-9d8b-0d7f4f0e1c2a';

describe('OpenApiRecorder checks bodies against the document as published', () => {
  const oas31 = documentWith('3.1.0', { anyOf: [{ $ref: '#/components/schemas/Address' }, { type: 'null' }] });

  it('accepts null and the referenced object where OpenAPI 3.1 says "the object, or null"', () => {
    expect(recorded({ id: ID, deliveryAddress: null }).violations(oas31)).toEqual([]);
    expect(recorded({ id: ID, deliveryAddress: { city: 'Helsinki' } }).violations(oas31)).toEqual([]);
  });

  it('follows $refs into the document: a field the referenced schema does not allow is a violation', () => {
    expect(recorded({ id: ID, deliveryAddress: { colour: 'red' } }).violations(oas31)).toEqual([
      expect.stringContaining('GET /v1/orders/{id} 200: body does not match (/deliveryAddress'),
    ]);
  });

  it('does not read OpenAPI 3.0 `nullable` beside a $ref as allowing null: such a document fails as its users’ tools fail', () => {
    const oas30 = documentWith('3.0.0', { nullable: true, allOf: [{ $ref: '#/components/schemas/Address' }] });
    expect(recorded({ id: ID, deliveryAddress: null }).violations(oas30)).toEqual([
      'the document uses `nullable`, which OpenAPI 3.1 does not have',
      expect.stringContaining('GET /v1/orders/{id} 200: the documented schema is not valid JSON Schema ("nullable"'),
    ]);
  });

  it('reports a status the operation does not document', () => {
    const recorder = recorded({});
    recorder.responses[0].status = 418;
    expect(recorder.violations(oas31)).toEqual(['GET /v1/orders/{id} 418: status not documented']);
  });
});
