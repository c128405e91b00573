import { getDb } from "@/lib/db";
import { loadChatConfig, publicView } from "@/lib/chat/config";
import { listChatDeliveries } from "@/lib/chat/deliver";
import { listChatLinks } from "@/lib/chat/links";
import { baseUrl } from "@/lib/chat/messages";
import { ChatDeliveries, ChatLinks, IntegrationSection, SlackForm, TeamsForm, type SlackView } from "@/components/settings/integrations";
import { GithubIntegrationSection } from "@/components/settings/integrations-github";

/**
 * The sections of Settings → Integrations, in order. Each is an async server component given the
 * page's database handle (the page checked settings:manage); add an integration by adding its
 * section here.
 */
type Db = Awaited<ReturnType<typeof getDb>>;
export type IntegrationSectionComponent = (props: { db: Db }) => Promise<React.ReactElement>;

async function SlackSection({ db }: { db: Db }) {
  const view = publicView(await loadChatConfig(db, "slack"));
  return (
    <IntegrationSection
      id="slack"
      title="Slack"
      description="Approval requests are posted with Approve / Deny buttons. A click counts only for a Slack user linked to a Gatehouse person who may decide that request; everyone else is offered Open in Gatehouse."
    >
      <SlackForm current={view?.provider === "slack" ? (view as SlackView) : null} interactionsUrl={`${baseUrl()}/api/chat/slack/interactions`} />
    </IntegrationSection>
  );
}

async function TeamsSection({ db }: { db: Db }) {
  const view = publicView(await loadChatConfig(db, "teams"));
  return (
    <IntegrationSection
      id="teams"
      title="Microsoft Teams"
      description="Approval requests are posted as Adaptive Cards through a Workflows webhook, with Open in Gatehouse (decisions are taken there)."
    >
      <TeamsForm current={view?.provider === "teams" ? { enabled: view.enabled, workflowUrl: view.workflowUrl } : null} />
    </IntegrationSection>
  );
}

async function ChatActivitySection({ db }: { db: Db }) {
  const [rows, links] = await Promise.all([listChatDeliveries(db, 30), listChatLinks(db)]);
  return (
    <IntegrationSection
      id="chat-activity"
      title="Recent chat deliveries"
      description="Each approval request's message, what it shows now, and its delivery (retried with backoff like the alert webhooks)."
    >
      <ChatDeliveries rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))} />
      <h3 className="pt-2 font-medium">Linked chat users</h3>
      <ChatLinks rows={links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() }))} />
    </IntegrationSection>
  );
}

export const INTEGRATION_SECTIONS: { key: string; Section: IntegrationSectionComponent }[] = [
  { key: "slack", Section: SlackSection },
  { key: "teams", Section: TeamsSection },
  { key: "chat-activity", Section: ChatActivitySection },
  { key: "github", Section: GithubIntegrationSection },
];
