export { type PaddleGateway, PaddleRefusedError, paddleGateway } from "./gateway.ts";
