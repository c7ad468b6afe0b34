// A complete example rules definition: the one in product.md §5 plus the optional fields.

/** A fresh copy of the example definition shown in docs/agents.md; handy for demos and tests. */
export function exampleRulesDefinition(): Record<string, unknown> {
  return {
    kind: "rules",
    name: "Ada",
    avatar_url: "https://example.com/ada.png",
    greeting: {
      text: "Hi! How can I help?",
      response_suggestions: [{ message_text: "Opening hours" }],
    },
    fallback: { text: "Sorry, I did not get that." },
    rules: [
      {
        id: "hours",
        match: { keywords: ["opening hours"] },
        reply: {
          text: "We are open **9 to 5**.",
          attachments: [
            {
              title: "Map",
              content_url: "https://example.com/map",
              content_type: "ATTACHMENT_CONTENT_TYPE_URL",
              call_to_action_text: "Open map",
            },
          ],
        },
      },
      {
        match: { keywords: ["human", "agent"] },
        reply: { text: "Let me connect you." },
        action: { type: "handoff" },
      },
      {
        match: { regex: "^(bye|goodbye)\\b" },
        reply: { text: "Goodbye!" },
        action: { type: "end" },
      },
      {
        match: { keywords: ["bonjour"] },
        reply: { text: "Bonjour !" },
        action: { type: "language", language_code: "fr-FR" },
      },
    ],
    rejoin: { text: "I'm back. How else can I help?" },
    on_handoff_failure: "rejoin",
    translations: {
      fr: {
        greeting: {
          text: "Bonjour ! Comment puis-je vous aider ?",
          response_suggestions: [{ message_text: "Horaires d'ouverture" }],
        },
        fallback: { text: "Désolé, je n'ai pas compris." },
        rejoin: { text: "Me revoilà. Que puis-je faire d'autre pour vous ?" },
        replies: {
          hours: { text: "Nous sommes ouverts de **9 h à 17 h**." },
          "1": { text: "Je vous mets en relation." },
          "2": { text: "Au revoir !" },
        },
      },
    },
  };
}
