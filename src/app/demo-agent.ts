// The agent and connector created on a first start with no configuration, for trying things out.

/** The demo agent's definition: shows greeting, suggestions, attachments, handoff, end and French. */
export function demoAgentDefinition(): Record<string, unknown> {
  return {
    kind: "rules",
    name: "Ada",
    greeting: {
      text: "Hi, I'm **Ada**, the Switchboard demo agent. Ask me about opening hours, say *bonjour*, ask for a human, or say bye.",
      response_suggestions: [
        { message_text: "Opening hours" },
        { message_text: "Talk to a human" },
        { message_text: "Bonjour" },
      ],
    },
    fallback: {
      text: "Sorry, I did not get that. Try asking about our opening hours.",
      response_suggestions: [{ message_text: "Opening hours" }],
    },
    rules: [
      {
        id: "hours",
        match: { keywords: ["opening hours", "hours", "open"] },
        reply: {
          text: "We are open **9 to 5**, Monday to Friday. Here is where to find us.",
          attachments: [
            {
              title: "Our office",
              content_url: "https://www.openstreetmap.org/",
              content_type: "ATTACHMENT_CONTENT_TYPE_URL",
              call_to_action_text: "Open map",
            },
          ],
        },
      },
      {
        id: "human",
        match: { keywords: ["human", "agent", "person"] },
        reply: { text: "Let me connect you with a person." },
        action: { type: "handoff" },
      },
      {
        id: "whoami",
        // Answers from the verified context the demo page's signer put into the session.
        match: { keywords: ["who am i"], context: { account_tier: "premium" } },
        reply: {
          text: "You are **{{ctx.name}}** ({{ctx.customer_id}}), a {{ctx.account_tier}} customer: the demo page's signer vouched for it.",
        },
      },
      {
        id: "whoami-unknown",
        match: { keywords: ["who am i"] },
        reply: { text: "I don't know: no verified context reached this conversation." },
      },
      {
        id: "bye",
        match: { regex: "^(bye|goodbye)\\b" },
        reply: { text: "Goodbye! Thanks for chatting." },
        action: { type: "end" },
      },
      {
        id: "french",
        match: { keywords: ["bonjour", "français", "francais"] },
        reply: { text: "Bonjour ! Je continue en français." },
        action: { type: "language", language_code: "fr-FR" },
      },
    ],
    rejoin: { text: "I'm back. How else can I help?" },
    translations: {
      fr: {
        greeting: { text: "Bonjour, je suis **Ada**. Comment puis-je vous aider ?" },
        fallback: { text: "Désolé, je n'ai pas compris. Demandez-moi nos horaires d'ouverture." },
        rejoin: { text: "Me revoilà. Que puis-je faire d'autre pour vous ?" },
        replies: {
          hours: { text: "Nous sommes ouverts de **9 h à 17 h**, du lundi au vendredi." },
          human: { text: "Je vous mets en relation avec une personne." },
          bye: { text: "Au revoir ! Merci de votre visite." },
        },
      },
    },
  };
}
