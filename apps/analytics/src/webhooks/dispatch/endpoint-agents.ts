import http from 'node:http';
import https from 'node:https';

/** An idle connection is closed after this (sooner when the endpoint's Keep-Alive header says so). */
const IDLE_MS = 15_000;

/**
 * One keep-alive agent per endpoint origin, so that an endpoint's deliveries reuse a few open
 * connections instead of a TCP (and TLS) handshake each. Each holds at most `maxSockets`
 * connections, the per-endpoint bound on attempts in flight. A connection is only ever opened
 * through the attempt's `lookup`, which checks the addresses it connects to (see postEvent).
 */
export class EndpointAgents {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly maxSockets: number) {}

  agentFor(url: URL): http.Agent {
    let agent = this.agents.get(url.origin);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: this.maxSockets, maxFreeSockets: this.maxSockets, timeout: IDLE_MS };
      agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(url.origin, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
