// Public face of NGSI-LD subscriptions and notifications (ETSI GS CIM 009 v1.8 §5.8, §5.11, §7).
export {
  createSubscriptionService,
  type SubscriptionService,
  type SubscriptionServiceDeps,
  type ListResult,
  type OutcomeCounter,
} from './subscription.service.ts';
export { subscriptionMigrations } from './store/migrations.ts';
export type { StoredSubscription } from './store/subscription.repository.ts';
export type { DeliveryEvent, Outcome } from './delivery-worker.ts';
export type { Subscription, DeliveryStatus, Trigger } from './domain/types.ts';
export type { Notification } from './domain/notification.ts';
