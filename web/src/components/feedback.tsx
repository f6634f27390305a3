// Success and error feedback through antd's App context (message / notification), with
// problem+json errors shown as their title and detail, and field errors put on form fields.
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, formFieldOf, type ProblemFieldError } from '../app/api';

export function useFeedback() {
  const { message, notification } = App.useApp();
  const { t } = useTranslation();

  const error = (err: unknown, extraErrors?: ProblemFieldError[]) => {
    if (err instanceof ApiError) {
      const p = err.problem;
      const list = extraErrors ?? p.errors ?? [];
      notification.error({
        key: `problem-${p.code}`,
        title: p.title,
        description: (
          <div data-testid="problem-notification">
            {p.detail ? <div data-testid="problem-detail">{p.detail}</div> : null}
            {list.length ? (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {list.slice(0, 8).map((e, i) => (
                  <li key={i}>
                    {e.row !== undefined ? `#${e.row} ` : ''}
                    {formFieldOf(e.field) || e.field}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ),
        duration: 6,
      });
    } else if (err instanceof Error && err.name !== 'AbortError') {
      notification.error({ title: t('error.generic'), description: err.message, duration: 6 });
    }
  };

  return {
    success: (text: string) => void message.success(text),
    info: (text: string) => void message.info(text),
    error,
    /**
     * Puts the problem's field errors on the form's fields; anything that does not match a
     * field (or a problem without field errors) is shown as a notification. `aliases` maps an
     * API field to the form field showing it (e.g. `originalValueFen` → `originalValue` in yuan).
     */
    formError: (form: FormInstance, err: unknown, fieldNames: string[], aliases: Record<string, string> = {}) => {
      if (!(err instanceof ApiError)) return error(err);
      const errors = err.problem.errors ?? [];
      const byField = new Map<string, string[]>();
      const rest: ProblemFieldError[] = [];
      for (const e of errors) {
        const raw = formFieldOf(e.field);
        const name = aliases[raw] ?? raw;
        if (fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), e.message]);
        else rest.push(e);
      }
      if (byField.size) {
        form.setFields([...byField].map(([name, msgs]) => ({ name, errors: msgs })));
        const first = [...byField.keys()][0];
        form.scrollToField(first);
      }
      if (!byField.size || rest.length) error(err, rest);
      else void message.error(err.problem.title + ' — ' + t('error.fieldsBelow'));
    },
  };
}
