import type { MessageEvent } from "../shared/ChatMessage";
import { ApiFailure, HubRest } from "../shared/HubRest";

export interface Summary {
  id: number;
  name: string;
  color: number;
  parentId: number;
}

export interface Queue {
  queueId: number;
  queueName: string;
  agentUsernames: string[];
}

export interface OnlineAgent {
  username: string;
  nicename: string;
  state: string;
  maxServiceSessionCount: number;
  currentSessionCount: number;
}

export interface VisitorTag {
  id: number;
  name: string;
  color: number;
}

export interface VisitorProfile {
  visitorId: string;
  userId?: string | null;
  nickname?: string | null;
  trueName?: string | null;
  phone?: string | null;
  email?: string | null;
  company?: string | null;
  description?: string | null;
  customFields: Record<string, string>;
  tagIds: number[];
  source: { page?: string | null; referrer?: string | null; userAgent?: string | null };
  createDatetime: string;
  lastSeenDatetime?: string | null;
}

export type LeaveStatus = "Untreated" | "Processing" | "Resolved";

export interface LeaveMessage {
  leaveMessageId: number;
  visitorId?: string | null;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  content: string;
  queueId?: number | null;
  status: LeaveStatus;
  assigneeUsername?: string | null;
  createDatetime: string;
  updateDatetime: string;
}

export interface LeaveComment {
  id: number;
  author: string;
  text: string;
  createDatetime: string;
}

export interface QuickReply {
  id: number;
  group?: string | null;
  text: string;
  personal: boolean;
}

/** `GET /agents/me`: the agent's own profile. */
export interface AgentSelf {
  userId: string;
  username: string;
  nicename: string;
  trueName?: string | null;
  mobilePhone?: string | null;
  avatarUrl?: string | null;
}

/** `PUT /agents/me`: empty texts clear a field; a new `password` needs the `currentPassword`. */
export interface AgentSelfChange {
  nicename: string;
  trueName: string;
  mobilePhone: string;
  avatarUrl: string;
  password?: string;
  currentPassword?: string;
}

/** A call that this hub does not have (a plain 404 without the API's error body): the feature is absent. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiFailure && error.status === 404 && error.code === undefined;
}

/** The REST calls the workspace makes with the agent's token. */
export class AgentApi extends HubRest {
  token = "";

  async login(username: string, password: string): Promise<{ accessToken: string; expireTime: number }> {
    return (await this.json("POST", "/agents/token", { username, password })).entity;
  }

  /** A session's messages after `afterSeq`, in seq order (the agent's own sessions, and waiting ones it may pick). */
  async messages(sessionId: string, afterSeq: number, size: number): Promise<MessageEvent[]> {
    return (await this.json("GET", `/sessions/${encodeURIComponent(sessionId)}/messages?afterSeq=${afterSeq}&size=${size}`, undefined, this.token)).entities;
  }

  async summaries(): Promise<Summary[]> {
    return (await this.json("GET", "/summaries", undefined, this.token)).entities;
  }

  async queues(): Promise<Queue[]> {
    return (await this.json("GET", "/queues", undefined, this.token)).entities;
  }

  async onlineAgents(): Promise<OnlineAgent[]> {
    return (await this.json("GET", "/agents/online", undefined, this.token)).entities;
  }

  async visitorTags(): Promise<VisitorTag[]> {
    return (await this.json("GET", "/visitorTags", undefined, this.token)).entities;
  }

  async visitor(visitorId: string): Promise<VisitorProfile> {
    return (await this.json("GET", `/visitors/${encodeURIComponent(visitorId)}`, undefined, this.token)).entity;
  }

  async updateVisitor(visitorId: string, profile: Record<string, unknown>): Promise<VisitorProfile> {
    return (await this.json("PUT", `/visitors/${encodeURIComponent(visitorId)}`, profile, this.token)).entity;
  }

  async setVisitorTags(visitorId: string, tagIds: number[]): Promise<void> {
    await this.json("PUT", `/visitors/${encodeURIComponent(visitorId)}/tags`, { tagIds }, this.token);
  }

  async leaveMessages(status: LeaveStatus | null): Promise<LeaveMessage[]> {
    const query = `?page=1&per_page=50${status ? `&status=${status}` : ""}`;
    return (await this.json("GET", `/leaveMessages${query}`, undefined, this.token)).entities;
  }

  async updateLeaveMessage(id: number, change: { status?: LeaveStatus; assigneeUsername?: string }): Promise<void> {
    await this.json("PUT", `/leaveMessages/${id}`, change, this.token);
  }

  async leaveComments(id: number): Promise<LeaveComment[]> {
    const body = await this.json("GET", `/leaveMessages/${id}/comments`, undefined, this.token);
    return body.entities ?? [];
  }

  async addLeaveComment(id: number, text: string): Promise<LeaveComment> {
    return (await this.json("POST", `/leaveMessages/${id}/comments`, { text }, this.token)).entity;
  }

  async quickReplies(): Promise<QuickReply[]> {
    return (await this.json("GET", "/quickReplies", undefined, this.token)).entities;
  }

  async createQuickReply(group: string, text: string): Promise<QuickReply> {
    return (await this.json("POST", "/quickReplies", { group, text, personal: true }, this.token)).entity;
  }

  async updateQuickReply(id: number, group: string, text: string): Promise<QuickReply> {
    return (await this.json("PUT", `/quickReplies/${id}`, { group, text }, this.token)).entity;
  }

  async deleteQuickReply(id: number): Promise<void> {
    await this.json("DELETE", `/quickReplies/${id}`, undefined, this.token);
  }

  async me(): Promise<AgentSelf> {
    return (await this.json("GET", "/agents/me", undefined, this.token)).entity;
  }

  async updateMe(change: AgentSelfChange): Promise<AgentSelf> {
    return (await this.json("PUT", "/agents/me", change, this.token)).entity;
  }
}
