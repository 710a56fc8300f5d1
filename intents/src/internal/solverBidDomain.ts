import { hashDomain, hexToBytes } from 'viem'
import { SOLVER_BID_DOMAIN } from '../constants.ts'

export const SOLVER_BID_DOMAIN_SEPARATOR = hexToBytes(
  hashDomain({
    domain: SOLVER_BID_DOMAIN,
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
      ],
    },
  }),
)
