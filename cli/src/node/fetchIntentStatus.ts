import { NodeAnswerError } from './errors.ts'
import { requestNode } from './requestNode.ts'
import { type IntentStatusResponse, isIntentStatusResponse } from './wire.ts'

export type FetchIntentStatusReturnType = IntentStatusResponse

/** `GET /v1/intents/:orderId`: the order as the node holds it, its signed intent and its timeline. */
export async function fetchIntentStatus(
  node: string,
  orderId: string,
  signal?: AbortSignal,
): Promise<FetchIntentStatusReturnType> {
  const { body } = await requestNode(node, `/v1/intents/${orderId}`, signal === undefined ? {} : { signal })
  if (!isIntentStatusResponse(body)) throw new NodeAnswerError(node, 'with an unexpected shape')
  return body
}
