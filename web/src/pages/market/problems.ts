// Field errors the server sends without a message of their own (the message is then the bare
// code, e.g. `royalty-range`): given the market's text for that code, with its parameters.
import type { TFunction } from 'i18next';
import { ApiError } from '../../app/api';
import i18n from '../../app/i18n';

export function localizeFieldErrors(err: unknown, t: TFunction): unknown {
  if (!(err instanceof ApiError) || !err.problem.errors?.length) return err;
  const errors = err.problem.errors.map((e) => {
    const key = `market.fieldCodes.${e.code}`;
    if (e.message && e.message !== e.code) return e;
    if (!i18n.exists(key)) return e;
    return {
      ...e,
      message: (t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, (e as { params?: Record<string, unknown> }).params ?? {}),
    };
  });
  return new ApiError({ ...err.problem, errors });
}
