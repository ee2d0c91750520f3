/**
 * The part of the `oidc-provider` package (panva) that the tests use: the package ships no types.
 * See https://github.com/panva/node-oidc-provider/blob/main/docs/README.md for the full API.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What the provider stores per model (sessions, grants, codes, tokens, interactions). */
  export interface AdapterPayload {
    [member: string]: unknown;
    uid?: string;
    userCode?: string;
    grantId?: string;
    consumed?: number;
  }

  /** Storage of one model. */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** A Resource Server (API) as `features.resourceIndicators.getResourceServerInfo` describes it. */
  export interface ResourceServer {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  }

  /** Client metadata (RFC 7591 names). */
  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    token_endpoint_auth_method?: string;
    id_token_signed_response_alg?: string;
  }

  /** An account, as `findAccount` resolves it. */
  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Record<string, unknown> | Promise<Record<string, unknown>>;
  }

  /** The configuration members the tests set. */
  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (
          ctx: unknown,
          client: unknown,
          oneOf?: string[],
        ) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: unknown, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (
          ctx: unknown,
          resourceIndicator: string,
          client: unknown,
        ) => Promise<ResourceServer>;
      };
    };
    interactions?: { url?: (ctx: unknown, interaction: { uid: string }) => string | Promise<string> };
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>;
    ttl?: Record<string, number>;
  }

  /** What `interactionDetails` tells of a pending interaction. */
  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[] };
    params: Record<string, unknown>;
    session?: { accountId: string };
  }

  /** A grant of scopes by an account to a client, recorded when consent is given. */
  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    /** The request listener of the provider's Koa application. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      request: IncomingMessage,
      response: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    readonly Grant: new (properties: {
      accountId: string;
      clientId: string;
    }) => Grant;
  }

  export const errors: {
    readonly InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
