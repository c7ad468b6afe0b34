// Turns a rejected client frame into the system message error the spec names for it.
import {
  type FrameProblem,
  type ProtocolError,
  protocolError,
  type SocketErrorCode,
} from "../protocol/index.js";

/** The error for a frame problem; a binary frame (no problem value) is an invalid format. */
export function frameProblemError(
  problem: FrameProblem | undefined,
): ProtocolError<SocketErrorCode> {
  switch (problem?.kind) {
    case "not_allowed":
      return protocolError("event_type_not_allowed", { type: problem.type });
    case "invalid_payload":
      return protocolError("invalid_payload", { reason: problem.reason });
    default:
      return protocolError("invalid_event_format");
  }
}
