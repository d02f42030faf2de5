import { mainButton } from "@telegram-apps/sdk-react";
import { useEffect, useRef } from "react";

export interface MainButtonProps {
  text: string;
  visible?: boolean;
  enabled?: boolean;
  /** Telegram's own spinner on the button while the action runs. */
  loading?: boolean;
  onClick: () => void;
}

/**
 * Telegram's MainButton as a screen's primary action: shown while the screen is, with its text,
 * enabled state and loader; hidden again when the screen goes.
 */
export function useMainButton({ text, visible = true, enabled = true, loading = false, onClick }: MainButtonProps) {
  const latest = useRef(onClick);
  latest.current = onClick;
  useEffect(() => {
    if (!mainButton.setParams.isAvailable()) return undefined;
    mainButton.setParams({
      text,
      isVisible: visible,
      isEnabled: enabled && !loading,
      isLoaderVisible: loading,
      hasShineEffect: false,
    });
    return undefined;
  }, [text, visible, enabled, loading]);
  useEffect(() => {
    const [subscribed, off] = mainButton.onClick.ifAvailable(() => latest.current());
    return () => {
      if (subscribed) off();
      mainButton.setParams.ifAvailable({ isVisible: false, isLoaderVisible: false });
    };
  }, []);
}
