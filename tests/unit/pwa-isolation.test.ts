import { describe, expect, it } from 'vitest';
import { withIsolationHeaders } from '../../src/pwa/isolation.ts';

describe('withIsolationHeaders', () => {
  it('adds COOP same-origin and COEP credentialless, keeping status, body and other headers', async () => {
    const original = new Response('<!doctype html>', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html' },
    });
    const isolated = withIsolationHeaders(original);
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(isolated.headers.get('Content-Type')).toBe('text/html');
    expect(isolated.status).toBe(200);
    expect(await isolated.text()).toBe('<!doctype html>');
  });

  it('returns a response that already has them unchanged', () => {
    const response = new Response('x', {
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' },
    });
    expect(withIsolationHeaders(response)).toBe(response);
  });

  it('leaves error responses alone', () => {
    const failed = Response.error();
    expect(withIsolationHeaders(failed)).toBe(failed);
  });
});
