import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Load } from "../use-load.ts";

/** A titled group of Home: a spinner while loading, the error with a retry, else its content. */
export function LoadGroup<T>(props: {
  title: string;
  state: Load<T>;
  retry: () => void;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { state } = props;
  return (
    <section className="group" aria-busy={state.status === "loading"}>
      <h2 className="section-header">{props.title}</h2>
      {state.status === "loading" ? (
        <div className="section section-loading">
          <span className="spinner" aria-hidden="true" />
        </div>
      ) : state.status === "failed" ? (
        <div className="section section-text" role="alert">
          <p className="error-text">{state.message}</p>
          <button type="button" className="link-button" onClick={props.retry}>
            {t("miniapp.error.retry")}
          </button>
        </div>
      ) : (
        props.children(state.data)
      )}
    </section>
  );
}
