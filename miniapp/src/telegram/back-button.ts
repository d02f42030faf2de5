import { backButton } from "@telegram-apps/sdk-react";
import { useEffect } from "react";

/**
 * Telegram's own Back button (in the Mini App header) shown while `visible`, calling `onBack` when
 * pressed. The app draws no back arrow of its own, as Telegram's guidelines ask.
 */
export function useBackButton(visible: boolean, onBack: () => void) {
  useEffect(() => {
    if (!visible) {
      backButton.hide.ifAvailable();
      return undefined;
    }
    backButton.show.ifAvailable();
    const [subscribed, off] = backButton.onClick.ifAvailable(onBack);
    return () => {
      if (subscribed) off();
    };
  }, [visible, onBack]);
}
