export { demoResponder } from "./demo-responder.ts";
export {
  type ChatMessage,
  type ChatRequest,
  type OpenAiStub,
  type Responder,
  type StubResponse,
  startOpenAiStub,
} from "./server.ts";
