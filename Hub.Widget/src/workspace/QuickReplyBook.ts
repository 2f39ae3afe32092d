import type { QuickReply } from "./AgentApi";

/** The calls behind the book (AgentApi's, a fake in the unit tests). */
export interface QuickReplySource {
  /** Tenant-wide and personal replies; null when the hub has no quick replies. */
  list: () => Promise<QuickReply[] | null>;
  create: (group: string, text: string) => Promise<QuickReply>;
  update: (id: number, group: string, text: string) => Promise<QuickReply>;
  remove: (id: number) => Promise<void>;
}

/** What a search keeps: replies whose group or text contains the query, ignoring case (as `GET /quickReplies?q=`). */
export function searchReplies(replies: readonly QuickReply[], query: string, limit = Infinity): QuickReply[] {
  const q = query.trim().toLowerCase();
  const found = q ? replies.filter((r) => r.text.toLowerCase().includes(q) || (r.group ?? "").toLowerCase().includes(q)) : [...replies];
  return found.slice(0, limit);
}

/** The hub's order: by group, then id. */
export function sortReplies(replies: QuickReply[]): QuickReply[] {
  return replies.sort((a, b) => {
    const ga = a.group ?? "";
    const gb = b.group ?? "";
    return ga < gb ? -1 : ga > gb ? 1 : a.id - b.id;
  });
}

/**
 * The agent's quick replies, read once and kept in step with its own changes, so the composer's popover
 * and the dialog that edits the personal ones show the same list without asking the hub again.
 */
export class QuickReplyBook {
  private replies: QuickReply[] | null | undefined;
  private reading: Promise<QuickReply[] | null> | null = null;

  constructor(private readonly source: QuickReplySource) {}

  /** Every reply (null: the hub has none); read from the hub the first time, or again with `fresh`. */
  async all(fresh = false): Promise<QuickReply[] | null> {
    if (this.replies !== undefined && !fresh) return this.replies;
    this.reading ??= this.source
      .list()
      .then((replies) => (this.replies = replies && sortReplies([...replies])))
      .finally(() => (this.reading = null));
    return this.reading;
  }

  get personal(): QuickReply[] {
    return (this.replies ?? []).filter((r) => r.personal);
  }

  get shared(): QuickReply[] {
    return (this.replies ?? []).filter((r) => !r.personal);
  }

  async add(group: string, text: string): Promise<QuickReply> {
    const reply = await this.source.create(group.trim(), text.trim());
    this.replies = sortReplies([...(this.replies ?? []), reply]);
    return reply;
  }

  async edit(id: number, group: string, text: string): Promise<QuickReply> {
    const reply = await this.source.update(id, group.trim(), text.trim());
    this.replies = sortReplies((this.replies ?? []).map((r) => (r.id === id ? reply : r)));
    return reply;
  }

  async remove(id: number): Promise<void> {
    await this.source.remove(id);
    this.replies = (this.replies ?? []).filter((r) => r.id !== id);
  }
}
