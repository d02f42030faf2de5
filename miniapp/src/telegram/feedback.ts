import { closingBehavior, hapticFeedback } from "@telegram-apps/sdk-react";
import { useEffect } from "react";

/** A short vibration that says "done" or "that did not work" (where the device has one). */
export const haptic = {
  success: () => hapticFeedback.notificationOccurred.ifAvailable("success"),
  error: () => hapticFeedback.notificationOccurred.ifAvailable("error"),
  select: () => hapticFeedback.selectionChanged.ifAvailable(),
};

/** While `dirty`, closing the Mini App asks first (a half-filled form is not lost by a swipe). */
export function useClosingConfirmation(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return undefined;
    closingBehavior.enableConfirmation.ifAvailable();
    return () => {
      closingBehavior.disableConfirmation.ifAvailable();
    };
  }, [dirty]);
}
