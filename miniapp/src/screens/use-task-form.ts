import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api.ts";
import { type FormField, type FormProblems, placeErrors, type TaskFormValues } from "../task-form-model.ts";
import { haptic, useClosingConfirmation } from "../telegram/feedback.ts";

/** What is wrong, beside each field, and what belongs to no field (at the top of the form). */
export interface FormErrors {
  byField: Partial<Record<FormField, string>>;
  general: string | null;
}

/** What a group of the task form's fields gets: the values, the refusals beside them, and a setter. */
export interface TaskFieldsProps {
  values: TaskFormValues;
  errors: Partial<Record<FormField, string>>;
  change: (patch: Partial<TaskFormValues>, field?: FormField) => void;
}

const NO_ERRORS: FormErrors = { byField: {}, general: null };

/**
 * The task form's state, shared by the new-task and the edit screens: the values; a change clears
 * the refusal beside the field it touched; closing asks first while there are unsaved changes; a
 * refusal brings the first field it concerns into view (the MainButton may be far below it).
 */
export function useTaskForm(initial: TaskFormValues) {
  const [values, setValues] = useState<TaskFormValues>(initial);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useClosingConfirmation(dirty && !saving);
  useEffect(() => {
    if (Object.values(errors.byField).some(Boolean) || errors.general) {
      document.querySelector(".field-invalid, [role=alert]")?.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }, [errors]);

  const change: TaskFieldsProps["change"] = (patch, field) => {
    setValues((v) => ({ ...v, ...patch }));
    setDirty(true);
    if (field && errors.byField[field]) setErrors((e) => ({ ...e, byField: { ...e.byField, [field]: undefined } }));
  };

  /**
   * Sends what the form built (`request`) with `run`; the form's own problems, or the API's refusal,
   * go beside their fields. Once at a time.
   */
  const send = async <B>(request: { ok: true; body: B } | FormProblems, run: (body: B) => Promise<void>) => {
    if (saving) return;
    if (!request.ok) {
      setErrors({ byField: request.byField, general: null });
      haptic.error();
      return;
    }
    setSaving(true);
    setErrors(NO_ERRORS);
    try {
      await run(request.body);
      haptic.success();
      setDirty(false);
    } catch (error) {
      haptic.error();
      setErrors(
        error instanceof ApiError
          ? placeErrors(error.code, error.message, error.fields)
          : { byField: {}, general: messageOf(error) },
      );
    } finally {
      setSaving(false);
    }
  };

  return { values, setValues, change, dirty, saving, errors, send };
}
