import { receiptCorrectionParamsSchema, recordIdParamsSchema } from '@jir/contracts';
import { jsonRoutesSharing } from '../http/json-routes-sharing.js';

const tags = ['records'];

/** A route of the records collection (`/v1/records`, `/v1/records/awaiting-…`). */
export const recordsRoute = jsonRoutesSharing({ tags });

/** A route on one record (`/v1/records/:id…`): its id is read with the record id schema. */
export const onRecord = jsonRoutesSharing({ tags, params: recordIdParamsSchema });

/** A route on one receipt correction of a record (`/v1/records/:id/receipt-corrections/:correctionId…`). */
export const onReceiptCorrection = jsonRoutesSharing({ tags, params: receiptCorrectionParamsSchema });
