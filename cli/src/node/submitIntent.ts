import { NodeAnswerError } from './errors.ts'
import { requestNode } from './requestNode.ts'
import { isSubmitIntentResponse, type SubmitIntentResponse } from './wire.ts'

export type SubmitIntentReturnType = SubmitIntentResponse

/** `POST /v1/intents` with `text`, which the node judges byte for byte (it must be canonical). */
export async function submitIntent(node: string, text: string): Promise<SubmitIntentReturnType> {
  const { body } = await requestNode(node, '/v1/intents', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  })
  if (!isSubmitIntentResponse(body)) throw new NodeAnswerError(node, 'without an orderId')
  return body
}
