// An S3-compatible BlobStore (AWS S3, MinIO, Ceph, R2…) through the official AWS SDK client.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { type BlobStore, isBlobKey, isBlobSegment } from "../core/index.js";

export interface S3BlobStoreOptions {
  /** `https://s3.eu-west-1.amazonaws.com`, `http://minio:9000`, … */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys go under this prefix (`switchboard/`); default none. */
  prefix?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need; default true. */
  forcePathStyle?: boolean;
}

/** Blobs as objects `<prefix><session id>/<file id>`; requests signed with SigV4 by the SDK. */
export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.#client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? true,
      credentials: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      },
      // Plain signed requests: S3-compatible servers differ in their support of streamed checksums.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? "";
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key(key),
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const answer = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }),
      );
      return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
  }

  async deleteSession(sessionId: string): Promise<void> {
    if (!isBlobSegment(sessionId)) throw new Error("invalid blob session id");
    const prefix = `${this.#prefix}${sessionId}/`;
    for (let token: string | undefined; ; ) {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0)
        await this.#client.send(
          new DeleteObjectsCommand({
            Bucket: this.#bucket,
            Delete: { Objects: keys, Quiet: true },
          }),
        );
      if (!page.IsTruncated) return;
      token = page.NextContinuationToken;
    }
  }

  close(): void {
    this.#client.destroy();
  }

  #key(key: string): string {
    if (!isBlobKey(key)) throw new Error("invalid blob key");
    return `${this.#prefix}${key}`;
  }
}
